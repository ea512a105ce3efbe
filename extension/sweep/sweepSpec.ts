/**
 * The `sweep` a model file exports: what to search, how, and when to give up on a trial.
 * Pure: `parseSweepSpec` checks an unknown value and names the offending key, and a `locate`
 * callback turns that key into a line of the model file.
 */
import type { SourceLocation } from '../protocol/model';
import type { EarlyStoppingSpec, ParameterSpec, ParamValue, SweepSpec, TrialParams } from '../protocol/sweep';
import { TrainerFailure } from '../trainer/failure';

export type { EarlyStoppingSpec, ParameterSpec, ParamValue, SweepSpec, TrialParams };

/** Turns the path of a key in the `sweep` object (e.g. ['parameters', 'units']) into a source location. */
export type LocateKey = (keys: string[]) => SourceLocation | undefined;

const DEFAULT_RANDOM_TRIALS = 10;
const DEFAULT_SEED = 1;
const SPEC_HINT =
  "A sweep looks like: export const sweep = { metric: 'val_loss', goal: 'minimize', method: 'random', trials: 16, parameters: { learningRate: { min: 1e-4, max: 1e-1, scale: 'log' }, units: [16, 32, 64] } }.";

const describe = (value: unknown): string =>
  value === undefined
    ? 'nothing'
    : typeof value === 'string'
      ? JSON.stringify(value)
      : (JSON.stringify(value) ?? String(value));

class SpecReader {
  constructor(private readonly locate: LocateKey) {}

  fail(keys: string[], message: string): never {
    const name = ['sweep', ...keys].join('.');
    throw new TrainerFailure('contract', `${name} ${message}`, this.locate(keys), SPEC_HINT);
  }

  object(value: unknown, keys: string[]): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      this.fail(keys, `must be an object, got ${describe(value)}.`);
    return value as Record<string, unknown>;
  }

  oneOf<const T extends string>(value: unknown, keys: string[], choices: T[], fallback: T): T {
    if (value === undefined) return fallback;
    if (typeof value === 'string' && (choices as string[]).includes(value)) return value as T;
    return this.fail(keys, `must be one of ${choices.map((c) => `'${c}'`).join(', ')}, got ${describe(value)}.`);
  }

  integer(value: unknown, keys: string[], min: number, fallback: number): number;
  integer(value: unknown, keys: string[], min: number, fallback: null): number | null;
  integer(value: unknown, keys: string[], min: number, fallback: number | null): number | null {
    if (value === undefined) return fallback;
    if (typeof value === 'number' && Number.isInteger(value) && value >= min) return value;
    return this.fail(keys, `must be an integer ≥ ${min}, got ${describe(value)}.`);
  }

  number(value: unknown, keys: string[]): number {
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    return this.fail(keys, `must be a finite number, got ${describe(value)}.`);
  }
}

function parseValues(reader: SpecReader, values: unknown, keys: string[]): ParameterSpec {
  if (!Array.isArray(values) || values.length === 0) reader.fail(keys, 'must be a non-empty list of values.');
  const list = values as unknown[];
  list.forEach((value, i) => {
    if (
      !['number', 'string', 'boolean'].includes(typeof value) ||
      (typeof value === 'number' && !Number.isFinite(value))
    )
      reader.fail([...keys, String(i)], `must be a number, string or boolean, got ${describe(value)}.`);
  });
  return { kind: 'values', values: list as ParamValue[] };
}

function parseRange(reader: SpecReader, spec: Record<string, unknown>, keys: string[]): ParameterSpec {
  const min = reader.number(spec.min, [...keys, 'min']);
  const max = reader.number(spec.max, [...keys, 'max']);
  if (!(min < max)) reader.fail(keys, `needs min < max, got min ${min} and max ${max}.`);
  const scale = reader.oneOf(spec.scale, [...keys, 'scale'], ['linear', 'log'], 'linear');
  if (scale === 'log' && min <= 0) reader.fail([...keys, 'min'], `must be > 0 on a log scale, got ${min}.`);
  if (spec.integer !== undefined && typeof spec.integer !== 'boolean')
    reader.fail([...keys, 'integer'], `must be true or false, got ${describe(spec.integer)}.`);
  const integer = spec.integer === true;
  if (integer && Math.ceil(min) > Math.floor(max)) reader.fail(keys, `holds no integer between ${min} and ${max}.`);
  const steps = reader.integer(spec.steps, [...keys, 'steps'], 2, null);
  return { kind: 'range', min, max, scale, integer, steps };
}

function parseParameter(reader: SpecReader, value: unknown, keys: string[]): ParameterSpec {
  if (Array.isArray(value)) return parseValues(reader, value, keys);
  const spec = reader.object(value, keys);
  if ('values' in spec) return parseValues(reader, spec.values, [...keys, 'values']);
  if ('min' in spec || 'max' in spec) return parseRange(reader, spec, keys);
  return reader.fail(keys, 'must be a list of values, { values: [...] }, or a range { min, max, scale?, integer? }.');
}

function parseEarlyStopping(reader: SpecReader, value: unknown): EarlyStoppingSpec {
  if (value === undefined || value === false || value === null) return { method: 'none' };
  const keys = ['earlyStopping'];
  const spec = reader.object(value, keys);
  const method = reader.oneOf(spec.method, [...keys, 'method'], ['asha', 'median', 'none'], 'asha');
  if (method === 'none') return { method };
  if (method === 'asha') {
    return {
      method,
      minEpochs: reader.integer(spec.minEpochs, [...keys, 'minEpochs'], 1, 1),
      reductionFactor: reader.integer(spec.reductionFactor, [...keys, 'reductionFactor'], 2, 3),
    };
  }
  return {
    method,
    graceEpochs: reader.integer(spec.graceEpochs, [...keys, 'graceEpochs'], 1, 1),
    minTrials: reader.integer(spec.minTrials, [...keys, 'minTrials'], 1, 3),
  };
}

/** How many points a parameter contributes to a grid; a range needs `steps` (or is an integer range). */
export function gridPoints(
  reader: { fail(keys: string[], message: string): never },
  name: string,
  spec: ParameterSpec,
): number {
  if (spec.kind === 'values') return spec.values.length;
  if (spec.steps !== null) return spec.steps;
  if (spec.integer && spec.scale === 'linear') return Math.floor(spec.max) - Math.ceil(spec.min) + 1;
  return reader.fail(
    ['parameters', name],
    'is a continuous range, which a grid cannot enumerate: give it steps: N or a values list.',
  );
}

export function parseSweepSpec(value: unknown, locate: LocateKey): SweepSpec {
  const reader = new SpecReader(locate);
  const spec = reader.object(value, []);
  if (typeof spec.metric !== 'string' || spec.metric === '')
    reader.fail(
      ['metric'],
      `must name the epoch metric to optimise, such as 'val_loss', got ${describe(spec.metric)}.`,
    );
  const metric = spec.metric as string;
  const goal = reader.oneOf(
    spec.goal,
    ['goal'],
    ['minimize', 'maximize'],
    /acc|auc|precision|recall/i.test(metric) ? 'maximize' : 'minimize',
  );
  const method = reader.oneOf(spec.method, ['method'], ['grid', 'random'], 'random');
  const rawParameters = reader.object(spec.parameters, ['parameters']);
  const names = Object.keys(rawParameters);
  if (names.length === 0) reader.fail(['parameters'], 'must name at least one parameter to search.');
  const parameters: Record<string, ParameterSpec> = {};
  for (const name of names) parameters[name] = parseParameter(reader, rawParameters[name], ['parameters', name]);
  const gridSize =
    method === 'grid'
      ? names.reduce((size, name) => size * gridPoints(reader, name, parameters[name] as ParameterSpec), 1)
      : Infinity;
  const trials = reader.integer(spec.trials, ['trials'], 1, method === 'grid' ? gridSize : DEFAULT_RANDOM_TRIALS);
  if (trials > gridSize) reader.fail(['trials'], `is ${trials}, but the grid has only ${gridSize} points.`);
  return {
    metric,
    goal,
    method,
    parameters,
    trials,
    parallel: reader.integer(spec.parallel, ['parallel'], 1, null),
    seed: reader.integer(spec.seed, ['seed'], 0, DEFAULT_SEED),
    earlyStopping: parseEarlyStopping(reader, spec.earlyStopping),
  };
}
