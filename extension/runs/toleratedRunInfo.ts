/**
 * Reads run.json as any writer version left it. A field that fails its validator is repaired
 * (a config holding an optimizer object or `[null]` metrics, an over-long layer name) or
 * replaced by its neutral value, so one odd field never makes a whole run unreadable.
 */
import * as path from 'node:path';
import { errorKindSchema, type TrainerError } from '../protocol/model';
import type { Schema } from '../protocol/schema';
import { boundConfig, boundSummary, boundText, describeValue } from './boundedRecord';
import { runInfoFields, runInfoSchema, type RunInfo } from './runFiles';

type Field = keyof typeof runInfoFields;

const MAX_ERROR_TEXT = 64 * 1024;
const TEXT_FIELD_LIMITS = { modelFile: 4096, startedAt: 64, hostname: 256 } as const;

function repairedError(value: unknown): TrainerError | null {
  if (typeof value !== 'object' || value === null) return null;
  const raw = value as Record<string, unknown>;
  const kind = errorKindSchema.check(raw.kind, '');
  return {
    kind: kind.ok ? kind.value : 'internal',
    message: boundText(describeValue(raw.message), MAX_ERROR_TEXT, 'error.message'),
  };
}

const asObject = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/** What a field becomes when its recorded value does not validate. */
function repairedField(field: Field, value: unknown, runDir: string): unknown {
  switch (field) {
    case 'formatVersion':
      return 1;
    case 'runId':
      return path.basename(runDir);
    case 'status':
      return 'failed';
    case 'command':
      return 'train';
    case 'modelFile':
    case 'startedAt':
    case 'hostname':
      return typeof value === 'string' ? boundText(value, TEXT_FIELD_LIMITS[field], field) : '';
    case 'pid':
      return 0;
    case 'config': {
      const config = asObject(value);
      return config ? boundConfig(config) : null;
    }
    case 'summary':
      return asObject(value) ? boundSummary(value) : undefined;
    case 'error':
      return repairedError(value);
    case 'name':
      return typeof value === 'string' ? boundText(value, 256, field) : undefined;
    case 'endedAt':
    case 'backend':
    case 'stepsPerEpoch':
      return null;
    default:
      return undefined;
  }
}

/** Looks like a run's record at all (not some other JSON file). */
function looksLikeRun(raw: Record<string, unknown>): boolean {
  return typeof raw.runId === 'string' || typeof raw.formatVersion === 'number';
}

export function toleratedRunInfo(value: unknown, runDir: string): RunInfo | undefined {
  const strict = runInfoSchema.check(value, '');
  if (strict.ok) return strict.value;
  const raw = asObject(value);
  if (!raw || !looksLikeRun(raw)) return undefined;
  const repaired: Record<string, unknown> = {};
  for (const [field, schema] of Object.entries(runInfoFields) as [Field, Schema<unknown>][]) {
    const checked = schema.check(raw[field], field);
    const fieldValue = checked.ok ? checked.value : repairedField(field, raw[field], runDir);
    if (fieldValue !== undefined) repaired[field] = fieldValue;
  }
  const result = runInfoSchema.check(repaired, '');
  return result.ok ? result.value : undefined;
}
