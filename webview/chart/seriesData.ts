/**
 * Chart data from the run's records: which series to draw and their points on a shared x
 * axis (uPlot's aligned layout, `null` where a series has no point). Pure and unit-tested;
 * the renderer only draws what this returns.
 */
import type { BatchRecord, EpochRecord } from '../../extension/protocol/records';
import type { RunState } from '../state/runState';
import type { UiSettings } from '../state/uiSettings';
import { seriesLabel } from './seriesLabels';
import { createEma, pushEma, type EmaState } from './smoothing';

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
  const build = startMetricTracks(name, group, settings, batchPosition(run, settings), epochPosition(run, settings));
  extendMetricTracks(build, run.batches, 0, run.epochs, 0);
  return build.tracks.filter((track) => track.xs.length > 0);
}

/**
 * One metric's tracks while they are built, with the smoothing state after the last batch:
 * `extendMetricTracks` appends further records to the same arrays, so a chart that only grew
 * is extended with its new points instead of rebuilt (`LiveChartData`), through the same code
 * as a full build. `tracks` lists every track the metric may draw, empty ones included.
 */
export interface MetricTracks {
  readonly name: string;
  readonly tracks: readonly Track[];
  readonly position: (record: BatchRecord) => number;
  readonly epochPosition: (record: EpochRecord) => number;
  readonly toY: (value: number) => number | null;
  readonly ema: EmaState;
  readonly batchXs: number[];
  readonly raw: (number | null)[];
  readonly smoothed: (number | null)[];
  readonly epochXs: number[];
  readonly epochYs: (number | null)[];
  readonly valXs: number[];
  readonly valYs: (number | null)[];
  readonly settings: UiSettings;
}

export function startMetricTracks(
  name: string,
  group: number,
  settings: UiSettings,
  position: (record: BatchRecord) => number,
  epochPosition: (record: EpochRecord) => number,
): MetricTracks {
  const batchXs: number[] = [];
  const raw: (number | null)[] = [];
  const smoothed: (number | null)[] = [];
  const epochXs: number[] = [];
  const epochYs: (number | null)[] = [];
  const valXs: number[] = [];
  const valYs: (number | null)[] = [];
  const tracks: Track[] = [];
  const smoothedOn = settings.smoothing > 0;
  const label = (kind: SeriesKind): string => seriesLabel(name, kind, smoothedOn);
  if (smoothedOn) tracks.push({ spec: { label: label('raw'), kind: 'raw', group }, xs: batchXs, ys: raw });
  tracks.push({ spec: { label: label('smoothed'), kind: 'smoothed', group }, xs: batchXs, ys: smoothed });
  tracks.push({ spec: { label: label('epoch'), kind: 'epoch', group }, xs: epochXs, ys: epochYs });
  tracks.push({ spec: { label: label('val'), kind: 'val', group }, xs: valXs, ys: valYs });
  const ema = createEma(settings.smoothing);
  const toY = plotValue(settings);
  return {
    ...{ name, tracks, position, epochPosition, toY, ema, batchXs, raw, smoothed },
    ...{ epochXs, epochYs, valXs, valYs, settings },
  };
}

/** Appends the points of `batches` from index `batchFrom` and of `epochs` from `epochFrom`. */
export function extendMetricTracks(
  build: MetricTracks,
  batches: readonly BatchRecord[],
  batchFrom: number,
  epochs: readonly EpochRecord[],
  epochFrom: number,
): void {
  const { name, position, toY, ema, batchXs, raw, smoothed } = build;
  for (let i = batchFrom; i < batches.length; i++) {
    const record = batches[i] as BatchRecord;
    const value = record.logs[name];
    if (value === undefined) continue;
    batchXs.push(position(record));
    raw.push(toY(value));
    smoothed.push(toY(pushEma(ema, value)));
  }
  const place = { position: build.epochPosition, toY };
  pushEpochPoints(epochs, epochFrom, name, place, build.epochXs, build.epochYs);
  pushEpochPoints(epochs, epochFrom, VAL_PREFIX + name, place, build.valXs, build.valYs);
}

export function epochTrack(epochs: readonly EpochRecord[], key: string, spec: SeriesSpec, settings: UiSettings): Track {
  const xs: number[] = [];
  const ys: (number | null)[] = [];
  const run = { header: null, batches: [], epochs };
  pushEpochPoints(epochs, 0, key, { position: epochPosition(run, settings), toY: plotValue(settings) }, xs, ys);
  return { spec, xs, ys };
}

interface EpochPlacement {
  readonly position: (record: EpochRecord) => number;
  readonly toY: (value: number) => number | null;
}

function pushEpochPoints(
  epochs: readonly EpochRecord[],
  from: number,
  key: string,
  place: EpochPlacement,
  xs: number[],
  ys: (number | null)[],
): void {
  for (let i = from; i < epochs.length; i++) {
    const record = epochs[i] as EpochRecord;
    const value = record.logs[key];
    if (value === undefined) continue;
    xs.push(place.position(record));
    ys.push(place.toY(value));
  }
}

/**
 * Where a batch sits on the x axis: its global step, the epochs done when it ended, or when it
 * ended (seconds since the run started, or Unix seconds for the time-of-day axis). The trainer
 * counts epochs from 1 (a batch's `epoch` is the one in progress, an epoch record's the one just
 * finished) and batches from 0, so the last batch of epoch 1 sits at 1, where epoch 1's own
 * point is drawn.
 */
export function batchPosition(run: RunSeries, settings: UiSettings): (record: BatchRecord) => number {
  switch (settings.xAxis) {
    case 'step':
      return (record) => record.step;
    case 'epoch': {
      const perEpoch = stepsPerEpoch(run);
      return (record) => record.epoch - 1 + Math.min(record.batch + 1, perEpoch) / perEpoch;
    }
    case 'relative':
    case 'wall':
      return timePosition(run, settings.xAxis);
  }
}

/** Where an epoch's point sits: where its last batch sits. */
export function epochPosition(run: RunSeries, settings: UiSettings): (record: EpochRecord) => number {
  switch (settings.xAxis) {
    case 'step':
      return (record) => record.step;
    case 'epoch':
      return (record) => record.epoch;
    case 'relative':
    case 'wall':
      return timePosition(run, settings.xAxis);
  }
}

/** Seconds since the run started (its header's start, else its first record), or Unix seconds. */
export function timePosition(run: RunSeries, axis: 'relative' | 'wall'): (record: { time: number }) => number {
  if (axis === 'wall') return (record) => record.time / 1000;
  const start = runStart(run);
  return (record) => (record.time - start) / 1000;
}

function runStart(run: RunSeries): number {
  const first = Math.min(run.batches[0]?.time ?? Infinity, run.epochs[0]?.time ?? Infinity);
  return run.header?.startedAt ?? (Number.isFinite(first) ? first : 0);
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
  const alignment = startAlignment(tracks);
  continueAlignment(alignment);
  return alignment.data;
}

/**
 * A merge of tracks that can go on after their arrays grew (`continueAlignment`), as long as
 * every new point lies right of the last merged x (`canContinueAlignment`): the merge of the
 * whole tracks then starts with the rows already merged, so it only appends rows.
 */
export interface Alignment {
  readonly tracks: readonly Track[];
  readonly axes: readonly (readonly number[])[];
  readonly axisOf: readonly number[];
  /** Per axis, how many of its points are merged. */
  readonly cursors: number[];
  readonly hits: number[];
  readonly data: { readonly specs: readonly SeriesSpec[]; readonly x: number[]; readonly ys: (number | null)[][] };
}

export function startAlignment(tracks: readonly Track[]): Alignment {
  const axes = [...new Set(tracks.map((track) => track.xs))];
  return {
    tracks,
    axes,
    axisOf: tracks.map((track) => axes.indexOf(track.xs)),
    cursors: axes.map(() => 0),
    hits: axes.map(() => -1),
    data: { specs: tracks.map((track) => track.spec), x: [], ys: tracks.map(() => []) },
  };
}

/** Whether the points added to the tracks' arrays since the last merge all lie right of it. */
export function canContinueAlignment(alignment: Alignment): boolean {
  const last = alignment.data.x.at(-1);
  if (last === undefined) return true;
  return alignment.axes.every((axis, a) => {
    const next = axis[alignment.cursors[a] as number];
    return next === undefined || next > last;
  });
}

/** Merges the points not merged yet. */
export function continueAlignment(alignment: Alignment): void {
  const { tracks, axes, axisOf, cursors, hits } = alignment;
  const { x, ys } = alignment.data;
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
}

function nextX(axes: readonly (readonly number[])[], cursors: readonly number[]): number | undefined {
  let next: number | undefined;
  for (let a = 0; a < axes.length; a++) {
    const value = (axes[a] as readonly number[])[cursors[a] as number];
    if (value !== undefined && (next === undefined || value < next)) next = value;
  }
  return next;
}

/**
 * The steps a zoomed x range covers (one batch beyond each edge, so the detail reaches the
 * plot's borders), or null when no batch lies in it. Works on every x axis, through the
 * batches' positions.
 */
export function stepsInView(
  run: RunSeries,
  settings: UiSettings,
  range: { min: number; max: number },
): { fromStep: number; toStep: number } | null {
  const position = batchPosition(run, settings);
  const { batches } = run;
  let first = -1;
  let last = -1;
  for (let i = 0; i < batches.length; i++) {
    const x = position(batches[i] as BatchRecord);
    if (x >= range.min && first < 0) first = i;
    if (x <= range.max) last = i;
  }
  if (first < 0 || last < first) return null;
  const before = batches[Math.max(0, first - 1)] as BatchRecord;
  const after = batches[Math.min(batches.length - 1, last + 1)] as BatchRecord;
  return { fromStep: before.step, toStep: after.step };
}
