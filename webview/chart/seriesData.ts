/**
 * Chart data from the run's records: which series to draw and their points on a shared x
 * axis (uPlot's aligned layout, `null` where a series has no point). Pure and unit-tested;
 * the renderer only draws what this returns.
 */
import type { BatchRecord, EpochRecord } from '../../extension/protocol/records';
import type { RunState } from '../state/runState';
import type { UiSettings } from '../state/uiSettings';
import { createEma, pushEma } from './smoothing';

/** raw and smoothed per-batch values, per-epoch training value, per-epoch validation value. */
export type SeriesKind = 'raw' | 'smoothed' | 'epoch' | 'val';

export interface SeriesSpec {
  readonly label: string;
  readonly kind: SeriesKind;
  /** Which metric of the chart this series belongs to (picks its colour). */
  readonly group: number;
}

export interface ChartData {
  readonly specs: readonly SeriesSpec[];
  readonly x: number[];
  readonly ys: (number | null)[][];
}

export interface Track {
  readonly spec: SeriesSpec;
  /** Ascending. */
  readonly xs: readonly number[];
  readonly ys: readonly (number | null)[];
}

/** What chart data is made from: a run's header and series (the compare panel's runs have no header). */
export type RunSeries = Pick<RunState, 'header' | 'batches' | 'epochs'>;

const LOSS = 'loss';
const VAL_PREFIX = 'val_';

/** The loss chart: batch loss (raw and smoothed), epoch loss, validation loss. */
export function lossChartData(run: RunSeries, settings: UiSettings): ChartData {
  return alignTracks(metricTracks(run, LOSS, 0, settings));
}

/** The metrics chart: the same four series for every metric other than the loss. */
export function metricsChartData(run: RunSeries, settings: UiSettings): ChartData {
  const names = metricNames(run);
  const linear: UiSettings = { ...settings, yScale: 'linear' };
  return alignTracks(names.flatMap((name, group) => metricTracks(run, name, group, linear)));
}

/** Metric names other than the loss, in first-seen order, without the `val_` prefix. */
export function metricNames(run: RunSeries): string[] {
  const names = new Set<string>();
  const add = (key: string): void => {
    const name = key.startsWith(VAL_PREFIX) ? key.slice(VAL_PREFIX.length) : key;
    if (name !== LOSS) names.add(name);
  };
  for (const record of run.batches.slice(0, 1)) Object.keys(record.logs).forEach(add);
  for (const record of run.epochs) Object.keys(record.logs).forEach(add);
  return [...names];
}

function metricTracks(run: RunSeries, name: string, group: number, settings: UiSettings): Track[] {
  const position = batchPosition(run, settings);
  const toY = plotValue(settings);
  const ema = createEma(settings.smoothing);
  const xs: number[] = [];
  const raw: (number | null)[] = [];
  const smoothed: (number | null)[] = [];
  for (const record of run.batches) {
    const value = record.logs[name];
    if (value === undefined) continue;
    xs.push(position(record));
    raw.push(toY(value));
    smoothed.push(toY(pushEma(ema, value)));
  }
  const tracks: Track[] = [];
  if (settings.smoothing > 0)
    tracks.push({ spec: { label: `${name} · batch (raw)`, kind: 'raw', group }, xs, ys: raw });
  tracks.push({ spec: { label: `${name} · batch`, kind: 'smoothed', group }, xs, ys: smoothed });
  tracks.push(epochTrack(run.epochs, name, { label: `${name} · epoch`, kind: 'epoch', group }, settings));
  const valName = VAL_PREFIX + name;
  tracks.push(epochTrack(run.epochs, valName, { label: `${valName} · epoch`, kind: 'val', group }, settings));
  return tracks.filter((track) => track.xs.length > 0);
}

export function epochTrack(epochs: readonly EpochRecord[], key: string, spec: SeriesSpec, settings: UiSettings): Track {
  const toY = plotValue(settings);
  const xs: number[] = [];
  const ys: (number | null)[] = [];
  for (const record of epochs) {
    const value = record.logs[key];
    if (value === undefined) continue;
    xs.push(settings.xAxis === 'step' ? record.step : record.epoch);
    ys.push(toY(value));
  }
  return { spec, xs, ys };
}

/**
 * Where a batch sits on the x axis: its global step, or the epochs done when it ended. The
 * trainer counts epochs from 1 (a batch's `epoch` is the one in progress, an epoch record's
 * the one just finished) and batches from 0, so the last batch of epoch 1 sits at 1, where
 * epoch 1's own point is drawn.
 */
export function batchPosition(run: RunSeries, settings: UiSettings): (record: BatchRecord) => number {
  if (settings.xAxis === 'step') return (record) => record.step;
  const perEpoch = stepsPerEpoch(run);
  return (record) => record.epoch - 1 + Math.min(record.batch + 1, perEpoch) / perEpoch;
}

/** Batches per epoch: from the header, else the most batches seen in one epoch. */
export function stepsPerEpoch(run: RunSeries): number {
  const known = run.header?.stepsPerEpoch;
  return known !== null && known !== undefined && known > 0 ? known : inferStepsPerEpoch(run.batches);
}

function inferStepsPerEpoch(batches: readonly BatchRecord[]): number {
  let most = 1;
  for (const record of batches) most = Math.max(most, record.batch + 1);
  return most;
}

/** What uPlot can draw: non-finite values, and non-positive ones on a log scale, become gaps. */
export function plotValue(settings: UiSettings): (value: number) => number | null {
  const log = settings.yScale === 'log';
  return (value) => (Number.isFinite(value) && (!log || value > 0) ? value : null);
}

/**
 * Merges ascending tracks onto one shared x axis, with `null` where a track has no point.
 * Tracks that share one `xs` array (raw and smoothed values of the same points) are walked
 * together.
 */
export function alignTracks(tracks: readonly Track[]): ChartData {
  const axes = [...new Set(tracks.map((track) => track.xs))];
  const axisOf = tracks.map((track) => axes.indexOf(track.xs));
  const cursors = axes.map(() => 0);
  const hits = axes.map(() => -1);
  const x: number[] = [];
  const ys: (number | null)[][] = tracks.map(() => []);
  for (let next = nextX(axes, cursors); next !== undefined; next = nextX(axes, cursors)) {
    x.push(next);
    for (let a = 0; a < axes.length; a++) {
      const at = cursors[a] as number;
      const hit = (axes[a] as readonly number[])[at] === next;
      hits[a] = hit ? at : -1;
      if (hit) cursors[a] = at + 1;
    }
    for (let t = 0; t < tracks.length; t++) {
      const at = hits[axisOf[t] as number] as number;
      (ys[t] as (number | null)[]).push(at < 0 ? null : ((tracks[t] as Track).ys[at] ?? null));
    }
  }
  return { specs: tracks.map((track) => track.spec), x, ys };
}

function nextX(axes: readonly (readonly number[])[], cursors: readonly number[]): number | undefined {
  let next: number | undefined;
  for (let a = 0; a < axes.length; a++) {
    const value = (axes[a] as readonly number[])[cursors[a] as number];
    if (value !== undefined && (next === undefined || value < next)) next = value;
  }
  return next;
}
