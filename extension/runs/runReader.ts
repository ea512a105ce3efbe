/**
 * Reads run folders written by the trainer, tolerating a run that is still being written.
 * `metrics.jsonl` is streamed line by line; what is kept of it is bounded (the batch series is
 * downsampled, only the newest layer statistics and probes are kept), so a run of any size is
 * read in bounded memory. Lines that are not records are counted, with where they are.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  layerStatsRecordSchema,
  probeRecordSchema,
  type LayerStatsRecord,
  type ProbeRecord,
} from '../protocol/inspection';
import { dataReportSchema, type DataReport } from '../protocol/dataReport';
import type { EvaluationSummary } from '../protocol/evaluation';
import { layerSummarySchema, type LayerSummary } from '../protocol/model';
import { controlRecordSchema, type BatchRecord, type ControlRecord, type EpochRecord } from '../protocol/records';
import { array, type Schema } from '../protocol/schema';
import { boundLayers } from './boundedRecord';
import { latestEvaluationSummary } from './evaluationRecords';
import { StrideSample } from './strideSample';
import { parseObjectLine, readLines, readLinesSync } from './metricsStream';
import { runIsInterrupted } from './runLock';
import {
  METRICS_FILE,
  RUN_FILE,
  RUNS_FOLDER,
  batchFromLine,
  epochFromLine,
  isBatchLine,
  isEpochLine,
  type RunInfo,
} from './runFiles';
import { toleratedRunInfo } from './toleratedRunInfo';

export interface RunContents {
  info: RunInfo;
  /** Oldest first; past `ReadLimits.batches`, a uniform sample that ends with the newest batch. */
  batches: BatchRecord[];
  epochs: EpochRecord[];
  /** Every layer with its source line, from the `layers` record. */
  layers: LayerSummary[];
  /** The newest samples, at most `ReadLimits.layerStats`. */
  layerStats: LayerStatsRecord[];
  /** Run-control changes (pause, more epochs, learning rate, resume). */
  controls: ControlRecord[];
  probes: ProbeRecord[];
  /** What the run's data looked like when it started (runs before 0.2 have none). */
  data?: DataReport;
  /** Lines that were not records: not JSON objects (garbage, a torn last line), or malformed batch/epoch lines. */
  skippedLines: number;
  /** Line numbers (1-based) of the first few skipped lines, to say where. */
  skippedAt: number[];
  /** Recorded as running, but its writer is gone (read from a folder; a follower's pieces do not say). */
  interrupted?: boolean;
  /** The newest evaluation recorded in the run (read from a folder). */
  evaluation?: EvaluationSummary;
}

/** How much of a run a view keeps in memory. */
export interface ReadLimits {
  batches: number;
  epochs: number;
  layerStats: number;
  probes: number;
  controls: number;
}

export const VIEW_LIMITS: ReadLimits = {
  batches: 20_000,
  epochs: 10_000,
  layerStats: 256,
  probes: 4,
  controls: 10_000,
};
const SKIPPED_LINES_NAMED = 5;

/** run.json as any writer version left it (odd fields repaired); undefined when there is none or it is not JSON. */
export function readRunInfo(runDir: string): RunInfo | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(path.join(runDir, RUN_FILE), 'utf8'));
  } catch {
    return undefined;
  }
  return toleratedRunInfo(raw, runDir);
}

/** What a reader does with each kind of record; a kind it has no handler for is passed over unchecked. */
export interface RecordVisitor {
  batch?(record: BatchRecord): void;
  epoch?(record: EpochRecord): void;
  layers?(layers: unknown): void;
  layerStats?(record: LayerStatsRecord): void;
  probe?(record: ProbeRecord): void;
  control?(record: ControlRecord): void;
  data?(record: DataReport): void;
}

/** Hands one parsed metrics line to the visitor; false when it is a malformed record. */
export function visitRecord(line: Record<string, unknown>, visitor: RecordVisitor): boolean {
  switch (line.type) {
    case 'batch':
      if (!isBatchLine(line)) return false;
      visitor.batch?.(batchFromLine(line));
      return true;
    case 'epoch':
      if (!isEpochLine(line)) return false;
      visitor.epoch?.(epochFromLine(line));
      return true;
    case 'layers':
      visitor.layers?.(line.layers);
      return true;
    case 'layer_stats':
      return visitValid(layerStatsRecordSchema, line, visitor.layerStats);
    case 'probe':
      return visitValid(probeRecordSchema, line, visitor.probe);
    case 'control':
      return visitValid(controlRecordSchema, line, visitor.control);
    case 'data':
      return visitValid(dataReportSchema, line, visitor.data);
    default:
      return true; // evaluations, classification reports, types of later versions
  }
}

/** Lines that were not records, and where the first few are. */
export class SkippedLines {
  count = 0;
  readonly at: number[] = [];

  /** Lines may be added out of order (a reader that checks some lines late): the lowest numbers are kept. */
  add(lineNumber: number): void {
    this.count++;
    if (this.at.length === SKIPPED_LINES_NAMED && lineNumber >= (this.at.at(-1) as number)) return;
    if (this.at.length === SKIPPED_LINES_NAMED) this.at.pop();
    this.at.push(lineNumber);
    this.at.sort((a, b) => a - b);
  }

  /** Says what was skipped, as `describeSkippedLines` does. */
  describe(): string {
    return describeSkippedLines(this.count, this.at);
  }
}

/** `2 lines of metrics.jsonl are not records and were skipped (lines 3, 9)`; '' when none. */
export function describeSkippedLines(count: number, at: readonly number[]): string {
  if (count === 0) return '';
  const lines = count === 1 ? '1 line' : `${count} lines`;
  const numbers = at.filter((line) => line > 0);
  const more = count > numbers.length ? ', …' : '';
  const where = numbers.length === 0 ? '' : ` (line${numbers.length > 1 ? 's' : ''} ${numbers.join(', ')}${more})`;
  const verb = count === 1 ? 'is not a record and was' : 'are not records and were';
  return `${lines} of ${METRICS_FILE} ${verb} skipped${where}`;
}

const HANDLERS: Record<string, keyof RecordVisitor> = {
  batch: 'batch',
  epoch: 'epoch',
  layers: 'layers',
  layer_stats: 'layerStats',
  probe: 'probe',
  data: 'data',
  control: 'control',
};
/** The type of a line as the writer starts every line (`{"type":"batch",…`), read without parsing it. */
const LEADING_TYPE = /^\{"type":"([a-z_]+)"[,}]/;

/**
 * Streams a run's metrics file through a visitor (bounded memory, the event loop running between
 * chunks); returns the skipped lines. A line of a type the visitor has no handler for is not
 * parsed (an export of the loss curves does not pay for the layer statistics); `passed` hears of it.
 */
export async function visitMetricsFile(
  file: string,
  visitor: RecordVisitor,
  passed?: (type: string) => void,
): Promise<SkippedLines> {
  const skipped = new SkippedLines();
  await readLines(file, (text, lineNumber) => {
    const type = text === undefined ? undefined : LEADING_TYPE.exec(text)?.[1];
    if (type !== undefined && passed && !visitor[HANDLERS[type] ?? 'batch']) {
      passed(type);
      return;
    }
    const line = parseObjectLine(text);
    if (line === undefined || !visitRecord(line, visitor)) skipped.add(lineNumber);
  });
  return skipped;
}

/** Keeps the newest `capacity` items. */
class Newest<T> {
  private items: T[] = [];
  constructor(private readonly capacity: number) {}
  push(item: T): void {
    this.items.push(item);
    if (this.items.length > 2 * this.capacity) this.items = this.items.slice(-this.capacity);
  }
  values(): T[] {
    return this.items.slice(-this.capacity);
  }
}

/** Builds a run's contents from its metrics lines, one at a time, within bounds. */
export class RunAccumulator {
  private readonly batches: StrideSample<BatchRecord>;
  private readonly epochs: StrideSample<EpochRecord>;
  private readonly layerStats: Newest<LayerStatsRecord>;
  private readonly probes: Newest<ProbeRecord>;
  private readonly controls: Newest<ControlRecord>;
  private layers: unknown;
  private data: DataReport | undefined;
  private readonly skipped = new SkippedLines();
  private readonly visitor: RecordVisitor;

  constructor(limits: ReadLimits = VIEW_LIMITS) {
    this.batches = new StrideSample(limits.batches);
    this.epochs = new StrideSample(limits.epochs);
    this.layerStats = new Newest(limits.layerStats);
    this.probes = new Newest(limits.probes);
    this.controls = new Newest(limits.controls);
    this.visitor = {
      batch: (record) => this.batches.push(record),
      epoch: (record) => this.epochs.push(record),
      layers: (layers) => (this.layers = layers),
      layerStats: (record) => this.layerStats.push(record),
      probe: (record) => this.probes.push(record),
      control: (record) => this.controls.push(record),
      data: (record) => (this.data = record),
    };
  }

  /** One line of text (undefined: too long to hold), as the stream reader passes it. */
  readonly addText = (text: string | undefined, lineNumber: number): void => {
    const line = parseObjectLine(text);
    if (line === undefined || !this.add(line)) this.skip(lineNumber);
  };

  /** One parsed line; false when it is a malformed record. */
  add(line: Record<string, unknown>): boolean {
    return visitRecord(line, this.visitor);
  }

  skip(lineNumber: number): void {
    this.skipped.add(lineNumber);
  }

  contents(info: RunInfo): RunContents {
    return {
      ...(this.data && { data: this.data }),
      info,
      batches: this.batches.values(),
      epochs: this.epochs.values(),
      layers:
        this.layers === undefined
          ? []
          : (validOrUndefined(array(layerSummarySchema), this.layers) ?? boundLayers(this.layers, 'layers')),
      layerStats: this.layerStats.values(),
      probes: this.probes.values(),
      controls: this.controls.values(),
      skippedLines: this.skipped.count,
      skippedAt: this.skipped.at.slice(),
    };
  }
}

/** What a run folder says beside its metrics: whether its writer is gone, its newest evaluation. */
export function folderFacts(runDir: string, info: RunInfo): Pick<RunContents, 'interrupted' | 'evaluation'> {
  const evaluation = latestEvaluationSummary(runDir, info);
  return { interrupted: runIsInterrupted(runDir, info), ...(evaluation && { evaluation }) };
}

/** Reads a run folder (blocking); undefined when it holds no readable run.json. */
export function readRun(runDir: string, limits: ReadLimits = VIEW_LIMITS): RunContents | undefined {
  const info = readRunInfo(runDir);
  if (!info) return undefined;
  const accumulator = new RunAccumulator(limits);
  readLinesSync(path.join(runDir, METRICS_FILE), accumulator.addText);
  return { ...accumulator.contents(info), ...folderFacts(runDir, info) };
}

/**
 * Reads a run folder without blocking the caller's event loop (the extension host), its metrics up
 * to byte `upTo` (what was written before a given moment).
 */
export async function readRunAsync(
  runDir: string,
  limits: ReadLimits = VIEW_LIMITS,
  upTo = Infinity,
): Promise<RunContents | undefined> {
  const info = readRunInfo(runDir);
  if (!info) return undefined;
  const accumulator = new RunAccumulator(limits);
  await readLines(path.join(runDir, METRICS_FILE), accumulator.addText, 0, upTo);
  return { ...accumulator.contents(info), ...folderFacts(runDir, info) };
}

/** Parses a piece of metrics text already in memory (a follower's increment). */
export function parseMetricsLines(text: string): { lines: Record<string, unknown>[]; skipped: number } {
  const lines: Record<string, unknown>[] = [];
  let skipped = 0;
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    const line = parseObjectLine(raw);
    if (line) lines.push(line);
    else skipped++;
  }
  return { lines, skipped };
}

/** A run's contents from its parsed metrics lines (a follower reads them in pieces). */
export function contentsFromLines(info: RunInfo, lines: Record<string, unknown>[], skipped: number): RunContents {
  const accumulator = new RunAccumulator();
  for (const line of lines) if (!accumulator.add(line)) accumulator.skip(0);
  const contents = accumulator.contents(info);
  return { ...contents, skippedLines: contents.skippedLines + skipped };
}

/** Run folders under a workspace, newest first. */
export function listRunDirs(workspaceDir: string): string[] {
  const runsDir = path.join(workspaceDir, RUNS_FOLDER);
  try {
    return fs
      .readdirSync(runsDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => path.join(runsDir, entry.name))
      .sort()
      .reverse();
  } catch {
    return [];
  }
}

function validOrUndefined<T>(schema: Schema<T>, value: unknown): T | undefined {
  const result = schema.check(value, '');
  return result.ok ? result.value : undefined;
}

function visitValid<T>(
  schema: Schema<T>,
  line: Record<string, unknown>,
  handle: ((record: T) => void) | undefined,
): boolean {
  if (!handle) return true;
  const record = validOrUndefined(schema, line);
  if (record === undefined) return false;
  handle(record);
  return true;
}
