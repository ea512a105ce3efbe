/**
 * Batch series as columns: one typed array per record field and per metric, all of one length.
 * The host sends the loss panel its batches this way: a structured clone of a typed array is
 * one memory copy (10^5 record objects took ~125 ms to clone), and validation checks each
 * column's type and length once instead of every field of every record.
 *
 * A metric a batch did not log is NaN in its column, as a NaN loss is: both draw as a gap.
 */
import type { BatchRecord } from './records';
import type { Result, Schema } from './schema';

export interface BatchColumns {
  /** Epochs count from 1. */
  readonly epoch: Uint32Array;
  /** Batches count from 0 within their epoch. */
  readonly batch: Uint32Array;
  /** Global step, from 1, ascending. */
  readonly step: Float64Array;
  /** Milliseconds since the Unix epoch when each batch ended. */
  readonly time: Float64Array;
  /** Each logged metric's value per batch. */
  readonly logs: Readonly<Record<string, Float64Array>>;
}

/** The most batches one message carries (32 MB of columns for the loss and one metric). */
export const MAX_COLUMN_LENGTH = 4_000_000;
const MAX_METRICS = 64;

export const EMPTY_COLUMNS: BatchColumns = columnsOfLength(0, []);

/** Empty columns of `length` for the given metric names. */
export function columnsOfLength(length: number, metrics: readonly string[]): BatchColumns {
  return {
    epoch: new Uint32Array(length),
    batch: new Uint32Array(length),
    step: new Float64Array(length),
    time: new Float64Array(length),
    logs: Object.fromEntries(metrics.map((name) => [name, new Float64Array(length)])),
  };
}

export function columnLength(columns: BatchColumns): number {
  return columns.step.length;
}

/** Metric names of records, in first-seen order. */
export function metricKeys(records: readonly BatchRecord[]): string[] {
  const names = new Set<string>();
  for (const record of records) for (const name of Object.keys(record.logs)) names.add(name);
  return [...names];
}

export function toBatchColumns(records: readonly BatchRecord[]): BatchColumns {
  const metrics = metricKeys(records);
  const columns = columnsOfLength(records.length, metrics);
  records.forEach((record, i) => {
    columns.epoch[i] = record.epoch;
    columns.batch[i] = record.batch;
    columns.step[i] = record.step;
    columns.time[i] = record.time;
    for (const name of metrics) (columns.logs[name] as Float64Array)[i] = record.logs[name] ?? Number.NaN;
  });
  return columns;
}

/** The records again (the panel's chart code reads records). */
export function batchRecords(columns: BatchColumns): BatchRecord[] {
  const metrics = Object.entries(columns.logs);
  const records = new Array<BatchRecord>(columnLength(columns));
  for (let i = 0; i < records.length; i++) {
    const logs: Record<string, number> = {};
    for (const [name, values] of metrics) logs[name] = values[i] as number;
    records[i] = {
      epoch: columns.epoch[i] as number,
      batch: columns.batch[i] as number,
      step: columns.step[i] as number,
      time: columns.time[i] as number,
      logs,
    };
  }
  return records;
}

type TypedArrayClass = typeof Float64Array | typeof Uint32Array;

function column(value: unknown, type: TypedArrayClass, path: string, length: number | undefined): string | null {
  if (!(value instanceof type)) return `${path}: expected a ${type.name}, got ${describe(value)}`;
  if (value.length > MAX_COLUMN_LENGTH) return `${path}: at most ${MAX_COLUMN_LENGTH} values, got ${value.length}`;
  if (length !== undefined && value.length !== length) {
    return `${path}: expected ${length} values like the step column, got ${value.length}`;
  }
  return null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (ArrayBuffer.isView(value)) return value.constructor.name;
  return Array.isArray(value) ? 'array' : typeof value;
}

/** Each column of the right typed-array class, every column as long as `step`, at most 64 metrics. */
export const batchColumnsSchema: Schema<BatchColumns> = {
  description: { kind: 'batchColumns', maxMetrics: MAX_METRICS },
  check: (value, path): Result<BatchColumns> => {
    const at = (field: string): string => (path ? `${path}.${field}` : field);
    if (typeof value !== 'object' || value === null) return { ok: false, error: `${path}: expected columns` };
    const input = value as Record<string, unknown>;
    const stepError = column(input.step, Float64Array, at('step'), undefined);
    if (stepError !== null) return { ok: false, error: stepError };
    const length = (input.step as Float64Array).length;
    const fields: [string, TypedArrayClass][] = [
      ['epoch', Uint32Array],
      ['batch', Uint32Array],
      ['time', Float64Array],
    ];
    for (const [field, type] of fields) {
      const error = column(input[field], type, at(field), length);
      if (error !== null) return { ok: false, error };
    }
    const logs = input.logs;
    if (typeof logs !== 'object' || logs === null || Array.isArray(logs)) {
      return { ok: false, error: `${at('logs')}: expected an object of Float64Array columns, got ${describe(logs)}` };
    }
    const entries = Object.entries(logs);
    if (entries.length > MAX_METRICS) return { ok: false, error: `${at('logs')}: at most ${MAX_METRICS} metrics` };
    for (const [name, values] of entries) {
      const error = column(values, Float64Array, `${at('logs')}.${name}`, length);
      if (error !== null) return { ok: false, error };
    }
    const { epoch, batch, step, time } = input as unknown as BatchColumns;
    return { ok: true, value: { epoch, batch, step, time, logs: logs as Record<string, Float64Array> } };
  },
};
