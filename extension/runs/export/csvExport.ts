/**
 * Exports a run's metrics as CSV with a header row: `epochs.csv` (one row per epoch) and
 * `batches.csv` (one row per batch). Metric columns are the union of the logged names in
 * first-seen order; a metric a row lacks is an empty cell; NaN and ±Infinity are written as
 * `NaN`, `inf`, `-inf` (what pandas and spreadsheets read back). Rows are written as they are
 * read (any run size, bounded memory) and each file appears whole, by rename, or not at all.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BatchRecord, EpochRecord } from '../../protocol/records';
import type { RecordedEvaluation } from '../evaluationRecords';
import { readLinesSync } from '../metricsStream';
import { TextWriter } from './textWriter';
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

/**
 * One CSV file written row by row. Rows go to a body file that starts with the header of the
 * columns known at the first row; when the file is whole it is renamed into place. A column first
 * seen later is appended at the end: then the file is written again, with the full header and the
 * earlier rows padded with empty cells. Row cells are numbers, ISO times and names without line
 * breaks, so the body can be copied line by line.
 */
export class CsvTableWriter {
  private readonly columns: string[];
  private readonly metricColumns: string[] = [];
  private readonly seen: Set<string>;
  private readonly body: string;
  private readonly temp: string;
  private readonly fd: number;
  private readonly out: TextWriter;
  private rows = 0;
  /** The columns the body's header names (set at the first row). */
  private headerWidth = 0;
  /** Where the column count changed: rows from `fromRow` on were written `width` cells wide. */
  private readonly widths: { fromRow: number; width: number }[] = [];

  constructor(
    readonly file: string,
    fixed: string[],
  ) {
    this.columns = [...fixed];
    this.seen = new Set(fixed);
    this.body = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.body.tmp`);
    this.temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
    this.fd = fs.openSync(this.body, 'w');
    this.out = new TextWriter(this.fd);
  }

  get rowCount(): number {
    return this.rows;
  }

  /**
   * One row: its fixed cells, already rendered and joined, then a cell for each metric column.
   * A metric named like a fixed column is not a column of its own (the readers keep those names
   * out of a record's logs).
   */
  add(fixedCells: string, metrics: Record<string, number>): void {
    for (const key in metrics) {
      if (!this.seen.has(key)) {
        this.seen.add(key);
        this.columns.push(key);
        this.metricColumns.push(key);
      }
    }
    if (this.widths.at(-1)?.width !== this.columns.length)
      this.widths.push({ fromRow: this.rows, width: this.columns.length });
    if (this.rows === 0) this.writeHeader();
    let line = fixedCells;
    for (const column of this.metricColumns) line += `,${csvCell(metrics[column])}`;
    line += '\n';
    this.out.write(line);
    this.rows++;
  }

  /** Renames the file into place, first writing it again with the full header if columns came late. */
  finish(): void {
    if (this.rows === 0) this.writeHeader();
    this.flush();
    const whole = this.headerWidth === this.columns.length;
    try {
      if (whole) fs.fsyncSync(this.fd);
    } finally {
      fs.closeSync(this.fd);
    }
    try {
      if (whole) return fs.renameSync(this.body, this.file);
      this.assemble();
      fs.renameSync(this.temp, this.file);
    } catch (error) {
      fs.rmSync(this.temp, { force: true });
      throw error;
    } finally {
      fs.rmSync(this.body, { force: true });
    }
  }

  /** Removes the partial files after a failure. */
  abandon(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed by finish()
    }
    fs.rmSync(this.body, { force: true });
    fs.rmSync(this.temp, { force: true });
  }

  private writeHeader(): void {
    const header = `${this.columns.map(csvCell).join(',')}\n`;
    this.out.write(header);
    this.headerWidth = this.columns.length;
  }

  private flush(): void {
    this.out.flush();
  }

  private assemble(): void {
    const out = fs.openSync(this.temp, 'w');
    try {
      fs.writeSync(out, `${this.columns.map(csvCell).join(',')}\n`);
      this.copyPadded(out, this.columns.length);
      fs.fsyncSync(out);
    } finally {
      fs.closeSync(out);
    }
  }

  private copyPadded(out: number, width: number): void {
    let row = 0;
    let segment = 0;
    const text = new TextWriter(out);
    readLinesSync(this.body, (line, lineNumber) => {
      if (lineNumber === 1) return; // the header the body started with
      while (this.widths[segment + 1] !== undefined && (this.widths[segment + 1]?.fromRow ?? 0) <= row) segment++;
      text.write(`${line ?? ''}${','.repeat(width - (this.widths[segment]?.width ?? width))}\n`);
      row++;
    });
    text.flush();
  }
}

let cachedSecond = Number.NaN;
let cachedPrefix = '';

/** `2026-11-30T08:42:32.123Z`; the part up to the second is kept, as consecutive rows share it. */
function isoTime(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0 || !Number.isInteger(ms))
    return Number.isFinite(ms) ? new Date(ms).toISOString() : '';
  const second = Math.floor(ms / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedPrefix = new Date(second * 1000).toISOString().slice(0, -4);
  }
  return `${cachedPrefix}${String(ms - second * 1000).padStart(3, '0')}Z`;
}

/** The cells of an epoch's fixed columns: epoch, step, time, duration_ms, samples_per_sec. */
function epochCells(record: EpochRecord): string {
  return `${csvCell(record.epoch)},${csvCell(record.step)},${isoTime(record.time)},${csvCell(record.durationMs)},${csvCell(record.samplesPerSec)}`;
}

/** The cells of a batch's fixed columns: epoch, batch, step, time. */
function batchCells(record: BatchRecord): string {
  return `${csvCell(record.epoch)},${csvCell(record.batch)},${csvCell(record.step)},${isoTime(record.time)}`;
}

/** The cells of an evaluation's fixed columns: time, split, checkpoint, epoch, step. */
function evaluationCells(evaluation: RecordedEvaluation): string {
  return `${isoTime(evaluation.time)},${csvCell(evaluation.split)},${csvCell(evaluation.checkpoint)},${csvCell(evaluation.epoch)},${csvCell(evaluation.step)}`;
}

/** `epochs.csv` and `batches.csv` in `outDir`, fed one record at a time; `evaluations.csv` when the run was evaluated. */
export class CsvExporter {
  readonly epochs: CsvTableWriter;
  readonly batches: CsvTableWriter;
  private evaluations: CsvTableWriter | undefined;

  constructor(private readonly outDir: string) {
    fs.mkdirSync(outDir, { recursive: true });
    this.epochs = new CsvTableWriter(path.join(outDir, 'epochs.csv'), [
      'epoch',
      'step',
      'time',
      'duration_ms',
      'samples_per_sec',
    ]);
    this.batches = new CsvTableWriter(path.join(outDir, 'batches.csv'), ['epoch', 'batch', 'step', 'time']);
  }

  batch(record: BatchRecord): void {
    this.batches.add(batchCells(record), record.logs);
  }

  epoch(record: EpochRecord): void {
    this.epochs.add(epochCells(record), record.logs);
  }

  evaluation(evaluation: RecordedEvaluation): void {
    this.evaluations ??= new CsvTableWriter(path.join(this.outDir, 'evaluations.csv'), [
      'time',
      'split',
      'checkpoint',
      'epoch',
      'step',
    ]);
    this.evaluations.add(evaluationCells(evaluation), evaluation.logs);
  }

  finish(): CsvExport {
    this.epochs.finish();
    this.batches.finish();
    this.evaluations?.finish();
    return { files: [this.epochs.file, this.batches.file, ...(this.evaluations ? [this.evaluations.file] : [])] };
  }

  abandon(): void {
    this.epochs.abandon();
    this.batches.abandon();
    this.evaluations?.abandon();
  }
}

/** Exports a run already in memory (its batches as read). */
export function exportCsv(run: RunContents, outDir: string): CsvExport {
  const exporter = new CsvExporter(outDir);
  try {
    for (const record of run.epochs) exporter.epoch(record);
    for (const record of run.batches) exporter.batch(record);
    return exporter.finish();
  } catch (error) {
    exporter.abandon();
    throw error;
  }
}
