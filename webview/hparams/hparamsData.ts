/**
 * The HParams view's data, pure: one axis per parameter (numeric on its scale, or categorical)
 * and one for the metric; each trial's position on them; the metric's colour band; the trial
 * table's rows and sort order. The renderers only draw what these return.
 */
import { metricKeyTitle } from '../../extension/protocol/metricNames';
import type { ParamValue, SweepRecord, TrialRecord } from '../../extension/protocol/sweep';

export type Axis =
  | { name: string; kind: 'numeric'; log: boolean; min: number; max: number }
  | { name: string; kind: 'categorical'; categories: string[] };

/** Colour bands of the metric, best (0) to worst (BANDS - 1). */
export const METRIC_BANDS = 5;

export function formatValue(value: ParamValue | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (typeof value !== 'number') return String(value);
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  return abs !== 0 && (abs < 1e-3 || abs >= 1e5) ? value.toExponential(2) : String(Number(value.toPrecision(4)));
}

/**
 * The view's heading: which model the sweep tuned and when it started ("mlp/model.ts sweep,
 * started 28 Nov 2026, 07:40"), in the reader's locale; the sweep id stays in its tooltip.
 */
export function sweepHeading(modelName: string, createdAt: string): string {
  const started = new Date(createdAt);
  if (Number.isNaN(started.getTime())) return `${modelName} sweep`;
  return `${modelName} sweep, started ${started.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}`;
}

function numericAxis(name: string, values: number[], log: boolean): Axis {
  const finite = values.filter((v) => Number.isFinite(v) && (!log || v > 0));
  const min = finite.length > 0 ? Math.min(...finite) : 0;
  const max = finite.length > 0 ? Math.max(...finite) : 1;
  return { name, kind: 'numeric', log: log && min > 0, min, max };
}

/** One axis per parameter in the spec's order; ranges keep their scale; a list of numbers is numeric. */
export function parameterAxes(record: SweepRecord): Axis[] {
  return Object.entries(record.spec.parameters).map(([name, spec]) => {
    const values = record.trials.map((t) => t.params[name]).filter((v): v is ParamValue => v !== undefined);
    if (spec.kind === 'range') return numericAxis(name, values as number[], spec.scale === 'log');
    if (spec.values.every((v) => typeof v === 'number')) return numericAxis(name, spec.values as number[], false);
    return { name, kind: 'categorical', categories: spec.values.map(String) };
  });
}

/** The sweep's metric in words, as the loss panel and Compare name it: "val_loss" → "validation loss". */
export function sweepMetricTitle(record: SweepRecord): string {
  return metricKeyTitle(record.spec.metric);
}

export function metricAxis(record: SweepRecord): Axis {
  const values = record.trials.map((t) => t.metric).filter((m): m is number => m !== null && Number.isFinite(m));
  return numericAxis(sweepMetricTitle(record), values, false);
}

/** Where a value sits on an axis, 0 (bottom) to 1 (top); null when it has no place there. */
export function axisPosition(axis: Axis, value: ParamValue | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (axis.kind === 'categorical') {
    const index = axis.categories.indexOf(String(value));
    if (index < 0) return null;
    return axis.categories.length === 1 ? 0.5 : index / (axis.categories.length - 1);
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  if (axis.max === axis.min) return 0.5;
  if (axis.log) return (Math.log(value) - Math.log(axis.min)) / (Math.log(axis.max) - Math.log(axis.min));
  return (value - axis.min) / (axis.max - axis.min);
}

/** The ticks an axis labels: its categories, or its ends and middle (geometric on a log axis). */
export function axisTicks(axis: Axis): { position: number; label: string }[] {
  if (axis.kind === 'categorical')
    return axis.categories.map((label, i) => ({ position: axisPosition(axis, label) ?? i, label }));
  if (axis.min === axis.max) return [{ position: 0.5, label: formatValue(axis.min) }];
  const middle = axis.log ? Math.sqrt(axis.min * axis.max) : (axis.min + axis.max) / 2;
  return [axis.min, middle, axis.max].map((value) => ({
    position: axisPosition(axis, value) ?? 0,
    label: formatValue(value),
  }));
}

/** The metric's colour band: 0 for the best value seen, METRIC_BANDS - 1 for the worst; null without a metric. */
export function metricBand(record: SweepRecord, metric: number | null): number | null {
  if (metric === null || !Number.isFinite(metric)) return null;
  const axis = metricAxis(record);
  if (axis.kind !== 'numeric' || axis.max === axis.min) return 0;
  const goodness =
    record.spec.goal === 'minimize'
      ? (axis.max - metric) / (axis.max - axis.min)
      : (metric - axis.min) / (axis.max - axis.min);
  return Math.min(METRIC_BANDS - 1, Math.floor((1 - goodness) * METRIC_BANDS));
}

export type SortKey = { column: 'trial' | 'metric' | 'state' | 'duration' } | { column: 'param'; name: string };
export interface SortOrder {
  key: SortKey;
  descending: boolean;
}

export function trialSeconds(trial: TrialRecord, now: number): number | null {
  if (trial.startedAt === null) return null;
  return ((trial.endedAt === null ? now : Date.parse(trial.endedAt)) - Date.parse(trial.startedAt)) / 1000;
}

function sortValue(trial: TrialRecord, key: SortKey, now: number): number | string | null {
  switch (key.column) {
    case 'trial':
      return trial.index;
    case 'metric':
      return trial.metric !== null && Number.isFinite(trial.metric) ? trial.metric : null;
    case 'state':
      return trial.state;
    case 'duration':
      return trialSeconds(trial, now);
    case 'param': {
      const value = trial.params[key.name];
      return value === undefined ? null : typeof value === 'number' ? value : String(value);
    }
  }
}

/** Sorted trials; those without a value (no metric yet) always last, whichever the direction. */
export function sortTrials(trials: readonly TrialRecord[], order: SortOrder, now: number): TrialRecord[] {
  const sign = order.descending ? -1 : 1;
  return [...trials].sort((a, b) => {
    const x = sortValue(a, order.key, now);
    const y = sortValue(b, order.key, now);
    if (x === null || y === null) return x === y ? a.index - b.index : x === null ? 1 : -1;
    const compared = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return compared === 0 ? a.index - b.index : sign * compared;
  });
}

/** The default order: best metric first. */
export function defaultSort(record: SweepRecord): SortOrder {
  return { key: { column: 'metric' }, descending: record.spec.goal === 'maximize' };
}

/**
 * The outer axes' names run inward from their axis: centred, a long first name ("learningRate
 * (log)") ran past the figure's left edge and was cut.
 */
export function axisNameAnchor(i: number, count: number): 'start' | 'middle' | 'end' {
  if (count > 1 && i === 0) return 'start';
  if (count > 1 && i === count - 1) return 'end';
  return 'middle';
}
