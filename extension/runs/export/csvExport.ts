/**
 * Exports a run's metrics as CSV with a header row: `epochs.csv` (one row per epoch) and
 * `batches.csv` (one row per batch). Metric columns are the union of the logged names in
 * first-seen order; a metric a row lacks is an empty cell; NaN and ±Infinity are written as
 * `NaN`, `inf`, `-inf` (what pandas and spreadsheets read back).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BatchRecord, EpochRecord } from '../../protocol/records';
import { writeFileAtomic } from '../atomicWrite';
import type { RunContents } from '../runReader';

type Row = Record<string, number | string>;

export interface CsvExport {
  files: string[];
}

/** RFC 4180: quote a cell holding a comma, quote or line break; double its quotes. */
export function csvCell(value: number | string | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
    return String(value);
  }
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function toCsv(fixed: string[], rows: Row[]): string {
  const columns = [...fixed];
  const seen = new Set(fixed);
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  }
  const lines = [columns.map(csvCell).join(',')];
  for (const row of rows) lines.push(columns.map((column) => csvCell(row[column])).join(','));
  return `${lines.join('\n')}\n`;
}

const isoTime = (ms: number): string => (Number.isFinite(ms) ? new Date(ms).toISOString() : '');

function epochRow(record: EpochRecord): Row {
  return {
    epoch: record.epoch,
    step: record.step,
    time: isoTime(record.time),
    duration_ms: record.durationMs,
    samples_per_sec: record.samplesPerSec,
    ...record.logs,
  };
}

function batchRow(record: BatchRecord): Row {
  return { epoch: record.epoch, batch: record.batch, step: record.step, time: isoTime(record.time), ...record.logs };
}

export function exportCsv(run: RunContents, outDir: string): CsvExport {
  fs.mkdirSync(outDir, { recursive: true });
  const epochs = path.join(outDir, 'epochs.csv');
  const batches = path.join(outDir, 'batches.csv');
  writeFileAtomic(epochs, toCsv(['epoch', 'step', 'time', 'duration_ms', 'samples_per_sec'], run.epochs.map(epochRow)));
  writeFileAtomic(batches, toCsv(['epoch', 'batch', 'step', 'time'], run.batches.map(batchRow)));
  return { files: [epochs, batches] };
}
