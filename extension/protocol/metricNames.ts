/**
 * What a metric key means, in words a newcomer reads without the docs: "accuracy" rather than
 * "acc", "validation loss" rather than "val_loss". Pure. It lives beside the records because the
 * loss panel's legends (webview) and the Compare table (built by the host) both name metrics, and
 * this folder is the one both of them see.
 */

const VAL_PREFIX = 'val_';

/** tf.js metric names and what they mean; others are split at capitals ("categoricalAccuracy" → "categorical accuracy"). */
const METRIC_TITLES: Readonly<Record<string, string>> = {
  acc: 'accuracy',
  mse: 'mean squared error',
  mae: 'mean absolute error',
  mape: 'mean absolute % error',
  cosine: 'cosine proximity',
};

/** A metric's name without its split: "acc" → "accuracy", "meanSquaredError" → "mean squared error". */
export function metricTitle(name: string): string {
  return METRIC_TITLES[name] ?? name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

/** An epoch record's key with its split: "val_loss" → "validation loss", "acc" → "training accuracy". */
export function metricKeyTitle(key: string): string {
  return key.startsWith(VAL_PREFIX)
    ? `validation ${metricTitle(key.slice(VAL_PREFIX.length))}`
    : `training ${metricTitle(key)}`;
}

/** Whether figures include validation ones (`val_loss`, `val_acc`, ...). */
export function hasValidationKeys(logs: Readonly<Record<string, number>>): boolean {
  return Object.keys(logs).some((key) => key.startsWith(VAL_PREFIX));
}

/**
 * An epoch's figures in the order Keras prints them: training first, then validation, each in
 * the order tf.js gave them (fitDataset's logs put the validation figures first).
 */
export function trainingFirst(logs: Readonly<Record<string, number>>): [string, number][] {
  const entries = Object.entries(logs);
  return [
    ...entries.filter(([key]) => !key.startsWith(VAL_PREFIX)),
    ...entries.filter(([key]) => key.startsWith(VAL_PREFIX)),
  ];
}
