/**
 * The on-disk format of a run: `run.json` (status, config, backend, times, error) and
 * `metrics.jsonl`, one flat JSON object per line with a `type` field.
 */
import { randomBytes } from 'node:crypto';
import {
  backendInfoSchema,
  executionInfoSchema,
  modelSummarySchema,
  trainerErrorSchema,
  trainingConfigSchema,
  trainingModeSchema,
  type ModelSummary,
} from '../protocol/model';
import type { DataReport } from '../protocol/dataReport';
import type { ClassificationReport } from '../protocol/evaluation';
import type { LayerStatsRecord, ProbeRecord } from '../protocol/inspection';
import type { BatchRecord, ControlRecord, EpochRecord } from '../protocol/records';
import { integer, literal, nullable, number, object, oneOf, optional, string, type Infer } from '../protocol/schema';
import { runStatusSchema } from '../protocol/trainerMessages';
import { boundLogs } from './boundedRecord';
import { trialTagSchema } from '../protocol/sweep';

export const RUNS_FOLDER = '.tensorscope/runs';
export const RUN_FILE = 'run.json';
export const METRICS_FILE = 'metrics.jsonl';
/** Config values and layer names too long for run.json, whole, by field path. */
export const LONG_TEXTS_FILE = 'long-texts.json';

export const OUTPUT_TAIL_CHARS = 4_096;

const processExitSchema = object({
  /** What ended it, in words: a signal from outside, `process.exit(2)` in the model file, a forced stop. */
  reason: string(4096),
  code: nullable(integer(-(2 ** 31))),
  signal: nullable(string(32)),
  /** The last of what the trainer (the model file, a script's own logging) printed. */
  outputTail: string(OUTPUT_TAIL_CHARS),
});

/** run.json's fields, each with its own validator (a reader repairs a bad field, not the whole run). */
export const runInfoFields = {
  formatVersion: literal(1),
  runId: string(256),
  status: runStatusSchema,
  command: oneOf('train', 'evaluate'),
  modelFile: string(4096),
  startedAt: string(64),
  endedAt: nullable(string(64)),
  pid: integer(0),
  hostname: string(256),
  config: nullable(trainingConfigSchema),
  backend: nullable(backendInfoSchema),
  execution: optional(executionInfoSchema),
  /** Module mode or a training script (absent in runs recorded before it was). */
  mode: optional(trainingModeSchema),
  summary: optional(modelSummarySchema),
  stepsPerEpoch: optional(nullable(integer(0))),
  finalLogs: optional(object({ epoch: integer(0), loss: nullable(number()), val_loss: nullable(number()) })),
  error: nullable(trainerErrorSchema),
  /** A name the user gave the run (Run History → Rename). */
  name: optional(string(256)),
  /** The model file's git state when the run started, so a better run can be traced to a change. */
  git: optional(
    object({
      commit: string(64),
      branch: nullable(string(256)),
      /** `git diff` of the model file against that commit; empty when unchanged. */
      diff: string(256 * 1024),
    }),
  ),
  /** The run this one resumed from (its last checkpoint), when it is a resume. */
  resumedFrom: optional(string(4096)),
  /**
   * The best checkpoint's epoch and the loss it was chosen by, under its own name: `val_loss`
   * when the run has validation data, else `loss` (the train loss).
   */
  best: optional(object({ epoch: integer(0), val_loss: optional(number()), loss: optional(number()) })),
  /** How the trainer process ended when the run did not end by itself (recorded by its supervisor). */
  exit: optional(processExitSchema),
  /** The sweep this run is a trial of, and the trial's parameters. */
  sweep: optional(trialTagSchema),
  /** The seed of the trainer's Math.random (initializers, shuffles, the model file's random data). */
  seed: optional(integer(0)),
  /** A checksum of the first training examples loadData() returned, to notice data that changes. */
  dataChecksum: optional(string(64)),
};
export const runInfoSchema = object(runInfoFields);
export type RunInfo = Infer<typeof runInfoSchema>;
export type ProcessExit = Infer<typeof processExitSchema>;

export type MetricsLine =
  | ({ type: 'batch' } & Omit<BatchRecord, 'logs'> & Record<string, number | string>)
  | ({ type: 'epoch' } & Record<string, number | string>)
  | { type: 'layers'; layers: ModelSummary['layers']; totalParams: number; trainableParams: number }
  | ({ type: 'evaluation'; split: string } & Record<string, number | string>)
  | ({ type: 'layer_stats' } & LayerStatsRecord)
  | ({ type: 'probe' } & ProbeRecord)
  | ({ type: 'control' } & ControlRecord)
  | ({ type: 'classification' } & ClassificationReport)
  | ({ type: 'data' } & DataReport);

export function batchLine(record: BatchRecord): MetricsLine {
  return {
    type: 'batch',
    epoch: record.epoch,
    batch: record.batch,
    step: record.step,
    time: record.time,
    ...record.logs,
  };
}

export function epochLine(record: EpochRecord): MetricsLine {
  return {
    type: 'epoch',
    epoch: record.epoch,
    step: record.step,
    time: record.time,
    duration_ms: record.durationMs,
    samples_per_sec: record.samplesPerSec,
    ...record.logs,
  };
}

const BATCH_FIELDS = new Set(['type', 'epoch', 'batch', 'step', 'time']);
const EPOCH_FIELDS = new Set(['type', 'epoch', 'step', 'time', 'duration_ms', 'samples_per_sec']);

function numericLogs(line: Record<string, unknown>, fixed: Set<string>): Record<string, number> {
  const logs: Record<string, number> = {};
  for (const key of Object.keys(line)) {
    if (fixed.has(key)) continue;
    const value = line[key];
    if (typeof value === 'number') logs[key] = value;
    else if (value === null) logs[key] = Number.NaN;
  }
  return boundLogs(logs);
}

const num = (value: unknown): number => (typeof value === 'number' ? value : Number.NaN);
const int = (value: unknown): number => (typeof value === 'number' && Number.isInteger(value) ? value : 0);

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/**
 * A batch line a reader can trust: integer epoch, batch and step (from 1). Anything else is
 * counted as a skipped line, never shown or exported as an invented row.
 */
export function isBatchLine(line: Record<string, unknown>): boolean {
  return line.type === 'batch' && isCount(line.epoch) && isCount(line.batch) && isCount(line.step) && line.step >= 1;
}

/** An epoch line a reader can trust: integer epoch and step. */
export function isEpochLine(line: Record<string, unknown>): boolean {
  return line.type === 'epoch' && isCount(line.epoch) && isCount(line.step);
}

export function batchFromLine(line: Record<string, unknown>): BatchRecord {
  return {
    epoch: int(line.epoch),
    batch: int(line.batch),
    step: Math.max(1, int(line.step)),
    time: num(line.time),
    logs: numericLogs(line, BATCH_FIELDS),
  };
}

export function epochFromLine(line: Record<string, unknown>): EpochRecord {
  return {
    epoch: int(line.epoch),
    step: int(line.step),
    time: num(line.time),
    durationMs: num(line.duration_ms),
    samplesPerSec: num(line.samples_per_sec),
    logs: numericLogs(line, EPOCH_FIELDS),
  };
}

/** JSON has no NaN or Infinity; diverged losses are written as null and read back as NaN. */
export function toJsonLine(line: MetricsLine): string {
  return `${JSON.stringify(line, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value))}\n`;
}

/** The start of a run or evaluation id, to the millisecond in UTC: `20261128-074512-417`. */
export function idTimeStamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace('T', '-').replace('.', '-').slice(0, 19);
}

/**
 * A sortable, unique, filesystem-safe run id: `20261128-074512-417-model-3f9a` (its start to the
 * millisecond, the model's name, a random suffix). Ids before 0.2 had no milliseconds
 * (`20261128-074512-model-3f9a`); both begin with the start second (newestRun.ts).
 */
export function newRunId(modelFile: string, now = new Date()): string {
  const stamp = idTimeStamp(now);
  const base = modelFile.split(/[\\/]/).pop() ?? 'model';
  const name =
    base
      .replace(/\.[^.]+$/, '')
      .replace(/[^A-Za-z0-9_-]+/g, '-')
      .slice(0, 40) || 'model';
  // Not Math.random: a trainer seeds it with the run's seed, and runs with one seed would draw one suffix.
  return `${stamp}-${name}-${randomBytes(2).toString('hex')}`;
}
