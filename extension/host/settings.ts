import * as vscode from 'vscode';
import type { BackendPreference, CompileMode } from '../protocol/model';

export interface TensorscopeSettings {
  epochs: number | undefined;
  batchSize: number | undefined;
  backend: BackendPreference;
  nodePath: string | undefined;
  hungTimeoutMs: number;
  /** Layer statistics every N batches; 0 turns sampling off. */
  sampleEveryBatches: number;
  compile: CompileMode;
  /** A training script's own arguments (tensorscope.scriptArguments). */
  scriptArguments: string[];
}

const BACKENDS: BackendPreference[] = ['auto', 'tensorflow', 'wasm', 'cpu'];
const COMPILE_MODES: CompileMode[] = ['auto', 'on', 'off'];

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export function readSettings(scope?: vscode.Uri): TensorscopeSettings {
  const config = vscode.workspace.getConfiguration('tensorscope', scope);
  const backend = config.get<string>('backend', 'auto');
  const nodePath = config.get<string | null>('nodePath');
  return {
    epochs: positive(config.get('epochs')),
    batchSize: positive(config.get('batchSize')),
    backend: BACKENDS.includes(backend as BackendPreference) ? (backend as BackendPreference) : 'auto',
    nodePath: nodePath ? nodePath : undefined,
    hungTimeoutMs: (positive(config.get('hungTrainerTimeoutSeconds')) ?? 120) * 1000,
    sampleEveryBatches:
      config.get('inspect.sampleEveryBatches') === 0 ? 0 : (positive(config.get('inspect.sampleEveryBatches')) ?? 50),
    compile: COMPILE_MODES.find((mode) => mode === config.get('compile')) ?? 'auto',
    scriptArguments: stringList(config.get('scriptArguments')),
  };
}
