/** A trial's parameters that name a `config` field (learningRate, batchSize, …) replace that field for the trial. */
import type { TrialParams } from '../protocol/sweep';
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
