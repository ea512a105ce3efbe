/** Checks the model file's exports against the module-mode contract, with located messages. */
import * as path from 'node:path';
import type { data as tfData, LayersModel, TensorContainerObject } from '@tensorflow/tfjs';
import { TrainerFailure, locateInUserCode } from './failure';
import { isTensorInputs, type TensorInputs } from './modelInputs';
import { asFitElements } from './datasetArrays';
import { findDeclaration } from '../source/sourceText';
import type { TrialParams } from '../protocol/sweep';
import { paramsFromConfig } from '../sweep/trialConfig';
import type { TensorFlow } from './tensorflow';

/** Inputs and labels: a tensor each, or (multi-input/-output models) arrays or dicts by name. */
export interface Split {
  xs: TensorInputs;
  ys: TensorInputs;
}

/** A `tf.data.Dataset` of `{xs, ys}` examples. */
export type ExampleDataset = tfData.Dataset<TensorContainerObject>;

export type SplitData = Split | ExampleDataset;

export interface ModelData {
  train: SplitData;
  validation?: SplitData;
  test?: SplitData;
}

/**
 * The model file's `config`, as written: real code puts optimizer objects, loss and metric
 * functions here, so those fields are whatever the file gave until the config is resolved.
 */
export interface UserConfig {
  epochs?: number;
  batchSize?: number;
  optimizer?: unknown;
  learningRate?: unknown;
  loss?: unknown;
  metrics?: unknown;
  validationSplit?: number;
  shuffle?: boolean;
  /** tfjs callbacks run in the extension's loop (early stopping, learning-rate schedules). */
  callbacks?: unknown;
}

export interface ModelModule {
  /**
   * A sweep's trial passes its parameters. Without them, a file that exports a sweep gets the
   * values its config sets for the sweep's parameters (where Apply Best writes them), so Train,
   * Inspect and the hints build what the sweep found; other files get no argument.
   */
  createModel(params?: TrialParams): Promise<LayersModel>;
  loadData(params?: TrialParams): Promise<ModelData>;
  config: UserConfig;
  /** The file's `export const sweep`, unchecked (the sweep command checks it). */
  sweep: unknown;
}

const CONTRACT_HINT =
  'A Tensorscope model file exports createModel() returning a tf.LayersModel and loadData() returning { train: { xs, ys }, validation?, test? }.';

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `an object (${value.constructor?.name ?? 'Object'})`;
  return `a ${typeof value}`;
}

function closestExport(exports: Record<string, unknown>, wanted: string): string | undefined {
  const normalized = wanted.toLowerCase();
  return Object.keys(exports).find((key) => {
    const candidate = key.toLowerCase();
    return candidate === normalized || candidate.includes(normalized.replace(/^create|^load/, ''));
  });
}

function requireFunction(
  exports: Record<string, unknown>,
  name: string,
  modelFile: string,
): (...args: unknown[]) => unknown {
  const value = exports[name];
  if (typeof value === 'function') return value as (...args: unknown[]) => unknown;
  const base = path.basename(modelFile);
  const similar = closestExport(exports, name);
  const message =
    Object.keys(exports).length === 0
      ? `${base} exports nothing, so it is not a model file: it must export createModel() and loadData().`
      : value === undefined
        ? `${base} does not export ${name}().${similar ? ` It exports ${similar}: did you mean ${name}?` : ''}`
        : `${base} exports ${name} as ${describeValue(value)}, but it must be a function.`;
  throw new TrainerFailure('contract', message, findDeclaration(modelFile, similar ?? name), CONTRACT_HINT);
}

/** Calls a user function; a throw is reported at the user's line that threw. */
async function callUser<T>(fn: () => unknown, name: string, modelFile: string): Promise<T> {
  try {
    return (await fn()) as T;
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    const location =
      locateInUserCode(err.stack, modelFile, path.dirname(modelFile)) ?? findDeclaration(modelFile, name);
    throw new TrainerFailure('model', `${name}() threw: ${err.message}`, location);
  }
}

function checkSplit(tf: TensorFlow, value: unknown, name: string, modelFile: string): SplitData {
  if (value instanceof tf.data.Dataset) return asFitElements(tf, value as ExampleDataset);
  const split = value as Partial<Split> | null | undefined;
  if (split && typeof split === 'object' && isTensorInputs(tf, split.xs) && isTensorInputs(tf, split.ys))
    return split as Split;
  const got =
    split && typeof split === 'object'
      ? `{ xs: ${describeValue(split.xs)}, ys: ${describeValue(split.ys)} }`
      : describeValue(value);
  throw new TrainerFailure(
    'data',
    `loadData() returned ${name} as ${got}; expected { xs, ys } of tensors (for several inputs: arrays, or dicts by input name) or a tf.data.Dataset.`,
    findDeclaration(modelFile, 'loadData'),
    CONTRACT_HINT,
  );
}

export function checkModelModule(exports: Record<string, unknown>, modelFile: string, tf: TensorFlow): ModelModule {
  const createModel = requireFunction(exports, 'createModel', modelFile);
  const loadData = requireFunction(exports, 'loadData', modelFile);
  const config = exports.config;
  if (config !== undefined && (typeof config !== 'object' || config === null || Array.isArray(config))) {
    throw new TrainerFailure(
      'contract',
      `${path.basename(modelFile)} exports config as ${describeValue(config)}; expected an object such as { epochs: 10, batchSize: 32 }.`,
      findDeclaration(modelFile, 'config'),
    );
  }
  const defaults = paramsFromConfig((config ?? {}) as UserConfig, exports.sweep);
  return {
    config: (config ?? {}) as UserConfig,
    sweep: exports.sweep,
    async createModel(given) {
      const params = given ?? defaults;
      const model = await callUser<unknown>(
        () => (params ? createModel(params) : createModel()),
        'createModel',
        modelFile,
      );
      if (!(model instanceof tf.LayersModel)) {
        throw new TrainerFailure(
          'contract',
          `createModel() returned ${describeValue(model)}; expected a tf.LayersModel (from tf.sequential() or tf.model()).`,
          findDeclaration(modelFile, 'createModel'),
          CONTRACT_HINT,
        );
      }
      return model;
    },
    async loadData(given) {
      const params = given ?? defaults;
      const data = await callUser<Partial<Record<keyof ModelData, unknown>> | null>(
        () => (params ? loadData(params) : loadData()),
        'loadData',
        modelFile,
      );
      if (!data || typeof data !== 'object' || data.train === undefined) {
        throw new TrainerFailure(
          'data',
          `loadData() returned ${describeValue(data)} without a train split; expected { train: { xs, ys }, validation?, test? }.`,
          findDeclaration(modelFile, 'loadData'),
          CONTRACT_HINT,
        );
      }
      return {
        train: checkSplit(tf, data.train, 'train', modelFile),
        ...(data.validation !== undefined && { validation: checkSplit(tf, data.validation, 'validation', modelFile) }),
        ...(data.test !== undefined && { test: checkSplit(tf, data.test, 'test', modelFile) }),
      };
    },
  };
}
