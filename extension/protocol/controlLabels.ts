/**
 * How a run-control change reads, wherever it is shown: the loss panel's chart markers and the
 * CLI's progress lines. Pure.
 */
import type { ControlRecord } from './records';

/** "paused", "lr 0.001", "+5 epochs", "resumed", "fit() 1 epoch". */
export function markerLabel(record: ControlRecord): string {
  switch (record.action) {
    case 'pause':
      return 'paused';
    case 'continue':
      return 'continued';
    case 'stop':
      return 'stopped';
    case 'resume':
      return 'resumed';
    case 'setLearningRate':
      return record.value === null ? 'lr changed' : `lr ${formatLearningRate(record.value)}`;
    case 'addEpochs':
      return record.value === null ? 'epochs added' : `+${record.value} ${record.value === 1 ? 'epoch' : 'epochs'}`;
    case 'fit':
      return record.value === null ? 'fit()' : `fit() ${record.value} ${record.value === 1 ? 'epoch' : 'epochs'}`;
  }
}

/** Four significant digits, without trailing zeros: 0.001, 3e-7, 0.0125. */
export function formatLearningRate(value: number): string {
  return String(Number(value.toPrecision(4)));
}

/** A change as a CLI line: "stopped by earlyStopping at step 286 (epoch 22)". */
export function controlLine(record: ControlRecord): string {
  const by = record.by === undefined ? '' : ` by ${record.by}`;
  return `${markerLabel(record)}${by} at step ${record.step} (epoch ${record.epoch})`;
}
