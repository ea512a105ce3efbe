/**
 * The Compare panel's chart data: per run, its epoch losses (and, when asked, its batch loss
 * smoothed) on an epoch axis, one colour group per run. Pure; built from the loss panel's
 * track helpers so both panels place and clean points the same way.
 */
import type { CompareRun } from '../../extension/protocol/compareMessages';
import { alignTracks, batchPosition, epochTrack, plotValue, type ChartData, type Track } from '../chart/seriesData';
import { seriesLabel } from '../chart/seriesLabels';
import { createEma, pushEma } from '../chart/smoothing';
import type { UiSettings } from '../state/uiSettings';

export interface CompareSettings {
  /** Also draw each run's per-batch loss, smoothed. */
  readonly batches: boolean;
  readonly yLog: boolean;
}

/** Heavier than the loss panel's default: several noisy runs on one chart need calmer lines. */
export const COMPARE_SMOOTHING = 0.8;

/** Training loss: each run's epoch loss, and its smoothed batch loss when `settings.batches`. */
export function trainLossData(runs: readonly CompareRun[], settings: CompareSettings): ChartData {
  const ui = uiSettings(settings);
  return alignTracks(
    runs.flatMap((run, group) => {
      const epochs = epochTrack(run.epochs, 'loss', { label: runSeriesLabel(run, 'epoch'), kind: 'epoch', group }, ui);
      return settings.batches ? [batchTrack(run, group, ui), epochs] : [epochs];
    }),
  );
}

/** Validation loss: each run's epoch val_loss; no series for runs without validation. */
export function valLossData(runs: readonly CompareRun[], settings: CompareSettings): ChartData {
  const ui = uiSettings(settings);
  return alignTracks(
    runs
      .map((run, group) =>
        epochTrack(run.epochs, 'val_loss', { label: runSeriesLabel(run, 'val'), kind: 'val', group }, ui),
      )
      .filter((track) => track.xs.length > 0),
  );
}

function batchTrack(run: CompareRun, group: number, ui: UiSettings): Track {
  const position = batchPosition({ header: null, batches: run.batches, epochs: run.epochs }, ui);
  const toY = plotValue(ui);
  const ema = createEma(COMPARE_SMOOTHING);
  const xs: number[] = [];
  const ys: (number | null)[] = [];
  for (const record of run.batches) {
    const loss = record.logs.loss;
    if (loss === undefined) continue;
    xs.push(position(record));
    ys.push(toY(pushEma(ema, loss)));
  }
  return { spec: { label: runSeriesLabel(run, 'smoothed'), kind: 'smoothed', group }, xs, ys };
}

/** "run-3 · validation loss (epoch)": the run, then the series named as the loss panel names it. */
function runSeriesLabel(run: CompareRun, kind: 'epoch' | 'val' | 'smoothed'): string {
  return `${run.label} · ${seriesLabel('loss', kind, true)}`;
}

function uiSettings(settings: CompareSettings): UiSettings {
  return { smoothing: COMPARE_SMOOTHING, yScale: settings.yLog ? 'log' : 'linear', xAxis: 'epoch' };
}
