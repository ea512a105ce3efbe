/** Loads a model file as a trial would and checks its `export const sweep`, reporting mistakes at their line. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SweepSpec } from '../protocol/sweep';
import { TrainerFailure } from '../trainer/failure';
import { loadModelFile } from '../trainer/loadModelFile';
import { findDeclaration } from '../source/sourceText';
import { locateSweepKey } from './specLocation';
import { parseSweepSpec } from './sweepSpec';

/** `overrides`: command-line values (--trials) applied before checking, so they are checked too. */
export async function readSweepSpec(modelFile: string, overrides: { trials?: number } = {}): Promise<SweepSpec> {
  // The pure-JS backend loads fastest and trains nothing here: only the file's exports are needed.
  const loaded = await loadModelFile(modelFile, { backend: 'cpu' }, () => undefined);
  const raw = loaded.module?.sweep;
  if (!loaded.module)
    throw new TrainerFailure(
      'contract',
      `${path.basename(modelFile)} is a training script; a sweep needs a module-mode model file (createModel, loadData) whose functions take the trial's parameters.`,
    );
  if (raw === undefined)
    throw new TrainerFailure(
      'contract',
      `${path.basename(modelFile)} does not export a sweep.`,
      findDeclaration(modelFile, 'config'),
      "Add export const sweep = { metric: 'val_loss', parameters: { learningRate: { min: 1e-4, max: 1e-1, scale: 'log' } } }; createModel(params) and loadData(params) receive each trial's values, and config fields named in parameters are taken from them.",
    );
  const text = fs.readFileSync(modelFile, 'utf8');
  const withOverrides = typeof raw === 'object' && raw !== null ? { ...raw, ...overrides } : raw;
  return parseSweepSpec(withOverrides, (keys) => locateSweepKey(text, modelFile, keys));
}
