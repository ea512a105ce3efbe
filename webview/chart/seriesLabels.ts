/**
 * Names a newcomer reads without the docs: "validation loss (epoch)" rather than
 * "val_loss · epoch", "accuracy" rather than "acc", and axis titles that say their unit. Pure.
 */
import { metricTitle } from '../../extension/protocol/metricNames';
import type { XAxis } from '../state/uiSettings';
import type { SeriesKind } from './seriesData';

/** A series' legend label, e.g. "training loss (batch, smoothed)", "validation accuracy (epoch)". */
export function seriesLabel(metric: string, kind: SeriesKind, smoothed: boolean): string {
  const title = metricTitle(metric);
  switch (kind) {
    case 'raw':
      return `training ${title} (batch, raw)`;
    case 'smoothed':
      return `training ${title} (batch${smoothed ? ', smoothed' : ''})`;
    case 'epoch':
      return `training ${title} (epoch)`;
    case 'val':
      return `validation ${title} (epoch)`;
  }
}

const X_TITLES: Readonly<Record<XAxis, string>> = {
  step: 'Training step (batches)',
  epoch: 'Epoch',
  relative: 'Time since the run started',
  wall: 'Time of day',
};

/** The x axis's title. */
export function xAxisTitle(axis: XAxis): string {
  return X_TITLES[axis];
}

/** The metrics chart's y axis: the metrics it draws, by name ("accuracy", "accuracy, mean squared error"). */
export function metricsAxisTitle(names: readonly string[]): string {
  return names.map(metricTitle).join(', ');
}
