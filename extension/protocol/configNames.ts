/**
 * A training config's fields in words, beside the metric names (metricNames.ts): Compare's rows
 * and Run History's tooltip name a run's config alike ("batch size", not "batchSize"), and say
 * where its validation data came from rather than "validation split 0" for a model whose
 * validation data is a split of its own. Pure.
 */
import type { TrainingConfig, TrainingMode } from './model';

const CONFIG_TITLES: Readonly<Record<keyof TrainingConfig, string>> = {
  epochs: 'epochs',
  batchSize: 'batch size',
  optimizer: 'optimizer',
  learningRate: 'learning rate',
  loss: 'loss',
  metrics: 'metrics',
  validationSplit: 'validation',
  shuffle: 'shuffle',
};

/** A config key in words: "batchSize" → "batch size"; a key of a later version split at capitals. */
export function configKeyTitle(key: string): string {
  return (
    (CONFIG_TITLES as Readonly<Record<string, string>>)[key] ?? key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase()
  );
}

/**
 * Where a run's validation data came from: a fraction of the training data held out by fit, the
 * model file's own validation split (loadData() in module mode, fit's validationData in a script),
 * or none. `hasValidationMetrics`: the run recorded `val_` figures.
 */
export function validationSource(
  validationSplit: number,
  mode: TrainingMode | undefined,
  hasValidationMetrics: boolean,
): string {
  if (validationSplit > 0) return `last ${formatPercent(validationSplit)} of the training data`;
  if (!hasValidationMetrics) return 'none';
  if (mode === 'module') return 'from loadData()';
  if (mode === 'script') return "the script's validationData";
  return 'given by the model file';
}

function formatPercent(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(3))}%`;
}
