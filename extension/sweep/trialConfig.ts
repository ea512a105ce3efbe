/** A trial's parameters that name a `config` field (learningRate, batchSize, …) replace that field for the trial. */
import type { ParamValue, TrialParams } from '../protocol/sweep';
import type { UserConfig } from '../trainer/modelModule';

const CONFIG_FIELDS = [
  'epochs',
  'batchSize',
  'optimizer',
  'learningRate',
  'loss',
  'validationSplit',
  'shuffle',
] as const satisfies readonly (keyof UserConfig)[];

export function configForTrial(config: UserConfig, params: TrialParams | undefined): UserConfig {
  if (!params) return config;
  const taken = CONFIG_FIELDS.filter((field) => Object.hasOwn(params, field)).map((field) => [field, params[field]]);
  return { ...config, ...(Object.fromEntries(taken) as Partial<UserConfig>) };
}

/**
 * The parameters a plain run (not a trial) of a file with a sweep passes to createModel and
 * loadData: those of the sweep's parameters that `config` sets, which is where Apply Best
 * writes the winning values. Undefined when there are none (the functions get no argument).
 */
export function paramsFromConfig(config: UserConfig, sweep: unknown): TrialParams | undefined {
  const parameters = (sweep as { parameters?: unknown } | undefined)?.parameters;
  if (typeof parameters !== 'object' || parameters === null) return undefined;
  const values = config as Record<string, unknown>;
  const set = Object.keys(parameters).flatMap((name) => {
    const value = values[name];
    return ['number', 'string', 'boolean'].includes(typeof value) ? [[name, value as ParamValue] as const] : [];
  });
  return set.length > 0 ? Object.fromEntries(set) : undefined;
}
