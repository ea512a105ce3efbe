/**
 * Chart data for a live run, extended instead of rebuilt while the run only grows: an append
 * adds its points to the tracks' arrays, steps each metric's smoothing state on, and merges
 * the new rows onto the shared x axis, so it costs O(new points), not O(all points). The
 * result is always what `lossChartData` / `metricsChartData` return for the same run and
 * settings; whenever extending could differ from that, it rebuilds.
 *
 * Extends only when the run is the same one (run id), its batch and epoch arrays start with
 * the records drawn last (not after `runState`'s halving or a snapshot), the view settings
 * are the same (smoothing, scale, axis), the metrics are the same, and on the epoch axis the
 * batches per epoch too; and when the new points add no series and all lie right of the last
 * x drawn (an epoch record arriving after its last batch sits on that batch's row: rebuilt).
 */
import type { BatchRecord, EpochRecord } from '../../extension/protocol/records';
import type { UiSettings } from '../state/uiSettings';
import {
  batchPosition,
  epochPosition,
  canContinueAlignment,
  continueAlignment,
  extendMetricTracks,
  metricNames,
  startAlignment,
  startMetricTracks,
  stepsPerEpoch,
  type Alignment,
  type ChartData,
  type MetricTracks,
  type RunSeries,
} from './seriesData';

/** Which chart: the loss, or every other metric (always on a linear scale). */
export type LiveChartKind = 'loss' | 'metrics';

/** What the chart was built from, and the builds to extend. */
interface Built {
  readonly runId: string | undefined;
  readonly smoothing: number;
  readonly yScale: UiSettings['yScale'];
  readonly xAxis: UiSettings['xAxis'];
  readonly names: readonly string[];
  /** Only on the epoch axis, where batch positions depend on it. */
  readonly stepsPerEpoch: number | undefined;
  readonly metrics: readonly MetricTracks[];
  /** How many tracks had points: a track that gains its first point adds a series. */
  readonly shown: number;
  readonly alignment: Alignment;
  batches: readonly BatchRecord[];
  epochs: readonly EpochRecord[];
}

export class LiveChartData {
  private built: Built | undefined;

  constructor(private readonly kind: LiveChartKind) {}

  /** Forgets the last build: the next `data` rebuilds. */
  reset(): void {
    this.built = undefined;
  }

  /** The chart's data for the run, the arrays of the last result extended where possible. */
  data(run: RunSeries, settings: UiSettings): ChartData {
    const names = this.kind === 'loss' ? ['loss'] : metricNames(run);
    const built = this.built;
    if (built !== undefined && this.canExtend(built, run, settings, names) && this.extend(built, run)) {
      return { ...built.alignment.data };
    }
    this.built = this.build(run, settings, names);
    return { ...this.built.alignment.data };
  }

  private build(run: RunSeries, settings: UiSettings, names: readonly string[]): Built {
    const chartSettings: UiSettings = this.kind === 'loss' ? settings : { ...settings, yScale: 'linear' };
    const position = batchPosition(run, chartSettings);
    const atEpoch = epochPosition(run, chartSettings);
    const metrics = names.map((name, group) => startMetricTracks(name, group, chartSettings, position, atEpoch));
    for (const metric of metrics) extendMetricTracks(metric, run.batches, 0, run.epochs, 0);
    const tracks = metrics.flatMap((metric) => metric.tracks.filter((track) => track.xs.length > 0));
    const alignment = startAlignment(tracks);
    continueAlignment(alignment);
    return {
      runId: run.header?.runId,
      smoothing: settings.smoothing,
      yScale: settings.yScale,
      xAxis: settings.xAxis,
      names,
      stepsPerEpoch: settings.xAxis === 'epoch' ? stepsPerEpoch(run) : undefined,
      metrics,
      shown: tracks.length,
      alignment,
      batches: run.batches,
      epochs: run.epochs,
    };
  }

  private canExtend(built: Built, run: RunSeries, settings: UiSettings, names: readonly string[]): boolean {
    return (
      run.header?.runId === built.runId &&
      settings.smoothing === built.smoothing &&
      settings.yScale === built.yScale &&
      settings.xAxis === built.xAxis &&
      names.length === built.names.length &&
      names.every((name, i) => name === built.names[i]) &&
      startsWith(run.batches, built.batches) &&
      startsWith(run.epochs, built.epochs) &&
      (settings.xAxis !== 'epoch' || stepsPerEpoch(run) === built.stepsPerEpoch)
    );
  }

  /**
   * Adds the new records' points and merges them; false when the result would not be what a
   * rebuild gives (a new series, or a point left of the last x), and the caller rebuilds.
   */
  private extend(built: Built, run: RunSeries): boolean {
    const batchFrom = built.batches.length;
    const epochFrom = built.epochs.length;
    built.batches = run.batches;
    built.epochs = run.epochs;
    if (batchFrom === run.batches.length && epochFrom === run.epochs.length) return true;
    for (const metric of built.metrics) extendMetricTracks(metric, run.batches, batchFrom, run.epochs, epochFrom);
    let shown = 0;
    for (const metric of built.metrics) for (const track of metric.tracks) if (track.xs.length > 0) shown++;
    if (shown !== built.shown || !canContinueAlignment(built.alignment)) return false;
    continueAlignment(built.alignment);
    return true;
  }
}

/**
 * Whether `records` holds `prefix` and then more (or nothing more). `runState` only appends
 * (concat) or halves (filter): after a halving the record at the old last index is another
 * one, so the first and last records of the prefix tell.
 */
function startsWith<T>(records: readonly T[], prefix: readonly T[]): boolean {
  if (records === prefix) return true;
  if (records.length < prefix.length) return false;
  return prefix.length === 0 || (records[0] === prefix[0] && records[prefix.length - 1] === prefix.at(-1));
}
