/**
 * Evaluations recorded inside the run they score: `evaluations/<id>.json` in the run folder, one
 * file per evaluation, with its classification report beside it (`<id>.classification.json`) so
 * that a list reads only the small summaries.
 *
 * An evaluation reads a checkpoint and writes only files of its own, so it takes no writer lock:
 * it may run while the run trains or resumes (the lock is that writer's), and two evaluations
 * never write the same file (each id is new: time, pid and a random part). Each file is written
 * whole under a temporary name and renamed into place, the summary last: a reader sees an
 * evaluation whole or not at all. A failed evaluation changes nothing in the run.
 *
 * Runs written before 0.3 recorded each evaluation as a run folder of its own (`command:
 * "evaluate"`, an `evaluation` and a `classification` line in its metrics.jsonl, the checkpoint
 * scored named relative to the workspace folder: `.tensorscope/runs/<id>/checkpoint-best`); such a
 * folder reads back as a run with that one evaluation, and the run it scored lists it among its own.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { classificationReportSchema, type ClassificationReport, type EvaluationSummary } from '../protocol/evaluation';
import {
  boolean,
  integer,
  literal,
  number,
  numberRecord,
  object,
  optional,
  string,
  type Infer,
} from '../protocol/schema';
import { writeFileAtomic } from './atomicWrite';
import { parseObjectLine, readLinesSync } from './metricsStream';
import { METRICS_FILE, RUN_FILE, RUNS_FOLDER, idTimeStamp, type RunInfo } from './runFiles';

export const EVALUATIONS_FOLDER = 'evaluations';
const CLASSIFICATION_SUFFIX = '.classification.json';
const SUMMARY_NAME = /^\d{8}-\d{6}-\d{3}-[\w-]+\.json$/;
/** A run evaluated more often than this lists only its newest evaluations. */
const MAX_LISTED = 1_000;

const evaluationFileSchema = object({
  formatVersion: literal(1),
  evaluationId: string(256),
  /** When it ended (ms since the epoch). */
  time: number(),
  split: string(64),
  /** The checkpoint folder scored, relative to the run folder (`checkpoint-best`). */
  checkpoint: string(256),
  /** Where in training that checkpoint was taken, when it says. */
  epoch: optional(integer(0)),
  step: optional(integer(0)),
  logs: numberRecord(),
  /** The seed of Math.random during the evaluation (the run's). */
  seed: optional(integer(0)),
  /** loadData() returned other first examples than the run trained on. */
  dataChanged: optional(boolean()),
  backend: optional(string(64)),
  hasClassification: boolean(),
  pid: integer(0),
  hostname: string(256),
});
type EvaluationFile = Infer<typeof evaluationFileSchema>;

/** One evaluation of a run as every reader sees it (the classification report is read on demand). */
export interface RecordedEvaluation extends Omit<EvaluationSummary, 'classification'> {
  /** The file it was read from: `evaluations/<id>.json`, or a pre-0.3 evaluation run's metrics.jsonl. */
  file: string;
  epoch?: number;
  step?: number;
  /** The seed of Math.random it ran with (the run's). */
  seed?: number;
  dataChanged?: boolean;
  /** Where its classification report is, when it has one. */
  classificationFile?: string;
  /** Recorded before 0.3 in a run folder of its own, this one, beside the run it scored. */
  evaluationFolder?: string;
}

export interface NewEvaluation {
  split: string;
  checkpoint: string;
  position?: { epoch: number; step: number };
  logs: Record<string, number>;
  classification?: ClassificationReport;
  seed?: number;
  dataChanged?: boolean;
  backend?: string;
}

/** `20261130-111502-417-4242-9f3a`: sortable by time, and new for every evaluation. */
function newEvaluationId(now: Date): string {
  const stamp = idTimeStamp(now);
  // Not Math.random: the trainer seeds it with the run's seed, the same for every evaluation of the run.
  return `${stamp}-${process.pid}-${randomBytes(2).toString('hex')}`;
}

/** JSON has no NaN: a diverged loss is written as null and read back as NaN. */
const finiteOrNull = (_key: string, value: unknown): unknown =>
  typeof value === 'number' && !Number.isFinite(value) ? null : value;

function evaluationsDir(runDir: string): string {
  const dir = path.join(runDir, EVALUATIONS_FOLDER);
  try {
    fs.mkdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`The run folder ${runDir} is gone (deleted while it was evaluated).`);
    if (code !== 'EEXIST') throw error;
  }
  return dir;
}

/** Records an evaluation in the run it scored; returns the summary file. */
export function recordEvaluation(runDir: string, evaluation: NewEvaluation, now = new Date()): string {
  const dir = evaluationsDir(runDir);
  const evaluationId = newEvaluationId(now);
  const file = path.join(dir, `${evaluationId}.json`);
  if (evaluation.classification)
    writeFileAtomic(
      path.join(dir, `${evaluationId}${CLASSIFICATION_SUFFIX}`),
      JSON.stringify(evaluation.classification),
    );
  const record: EvaluationFile = {
    formatVersion: 1,
    evaluationId,
    time: now.getTime(),
    split: evaluation.split,
    checkpoint: evaluation.checkpoint,
    ...(evaluation.position && { epoch: evaluation.position.epoch, step: evaluation.position.step }),
    logs: evaluation.logs,
    ...(evaluation.seed !== undefined && { seed: evaluation.seed }),
    ...(evaluation.dataChanged !== undefined && { dataChanged: evaluation.dataChanged }),
    ...(evaluation.backend !== undefined && { backend: evaluation.backend }),
    hasClassification: evaluation.classification !== undefined,
    pid: process.pid,
    hostname: os.hostname(),
  };
  // The summary last: its presence means the evaluation is whole.
  writeFileAtomic(file, `${JSON.stringify(record, finiteOrNull, 2)}\n`);
  return file;
}

function nullsToNaN(logs: unknown): unknown {
  if (typeof logs !== 'object' || logs === null) return logs;
  return Object.fromEntries(Object.entries(logs).map(([key, value]) => [key, value === null ? Number.NaN : value]));
}

function readEvaluationFile(file: string): RecordedEvaluation | undefined {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const checked = evaluationFileSchema.check({ ...raw, logs: nullsToNaN(raw.logs) }, path.basename(file));
  if (!checked.ok) return undefined;
  const record = checked.value;
  return {
    file,
    split: record.split,
    checkpoint: record.checkpoint,
    time: record.time,
    logs: record.logs,
    ...(record.epoch !== undefined && { epoch: record.epoch }),
    ...(record.step !== undefined && { step: record.step }),
    ...(record.seed !== undefined && { seed: record.seed }),
    ...(record.dataChanged !== undefined && { dataChanged: record.dataChanged }),
    ...(record.hasClassification && { classificationFile: file.replace(/\.json$/, CLASSIFICATION_SUFFIX) }),
  };
}

/** A pre-0.3 evaluation run: its one `evaluation` line (and `classification` line) in metrics.jsonl. */
function legacyEvaluation(
  runDir: string,
  info: Pick<RunInfo, 'startedAt' | 'endedAt'>,
): RecordedEvaluation | undefined {
  const file = path.join(runDir, METRICS_FILE);
  let found: RecordedEvaluation | undefined;
  readLinesSync(file, (text) => {
    const line = parseObjectLine(text);
    if (line?.type !== 'evaluation' || typeof line.split !== 'string') return;
    const logs: Record<string, number> = {};
    for (const [key, value] of Object.entries(line)) {
      if (typeof value === 'number') logs[key] = value;
      else if (value === null) logs[key] = Number.NaN;
    }
    found = {
      file,
      split: line.split,
      checkpoint: typeof line.checkpoint === 'string' ? line.checkpoint : '',
      time: Date.parse(info.endedAt ?? info.startedAt) || 0,
      logs,
      classificationFile: file,
    };
  });
  return found;
}

/**
 * The run folder a pre-0.3 evaluation folder scored, when it is in the same run store: its
 * checkpoint was recorded relative to the workspace folder that holds the store.
 */
export function legacyEvaluatedRunDir(evaluationFolder: string, checkpoint: string): string | undefined {
  if (checkpoint === '') return undefined;
  const storeDir = path.dirname(evaluationFolder);
  const workspaceDir = path.resolve(storeDir, ...RUNS_FOLDER.split('/').map(() => '..'));
  const scored = path.dirname(path.resolve(workspaceDir, checkpoint));
  return path.dirname(scored) === storeDir && scored !== evaluationFolder ? scored : undefined;
}

/** A pre-0.3 evaluation as the run it scored lists it: its checkpoint named as that run's own. */
export function asEvaluationOfScoredRun(evaluationFolder: string, evaluation: RecordedEvaluation): RecordedEvaluation {
  return { ...evaluation, checkpoint: path.basename(evaluation.checkpoint), evaluationFolder };
}

/** Only what tells a pre-0.3 evaluation folder apart, read without checking the rest of its run.json. */
function legacyEvaluationInfo(dir: string): Pick<RunInfo, 'startedAt' | 'endedAt'> | undefined {
  try {
    const raw = JSON.parse(fs.readFileSync(path.join(dir, RUN_FILE), 'utf8')) as Record<string, unknown>;
    if (raw.command !== 'evaluate' || typeof raw.startedAt !== 'string') return undefined;
    return { startedAt: raw.startedAt, endedAt: typeof raw.endedAt === 'string' ? raw.endedAt : null };
  } catch {
    return undefined;
  }
}

/** The pre-0.3 evaluation folders beside a run that scored it (reads every run.json of its store once). */
function legacyEvaluationsOf(runDir: string): RecordedEvaluation[] {
  const storeDir = path.dirname(runDir);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(storeDir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const dir = path.join(storeDir, entry.name);
    const info = entry.isDirectory() && dir !== runDir ? legacyEvaluationInfo(dir) : undefined;
    const evaluation = info && legacyEvaluation(dir, info);
    if (!evaluation || legacyEvaluatedRunDir(dir, evaluation.checkpoint) !== runDir) return [];
    return [asEvaluationOfScoredRun(dir, evaluation)];
  });
}

/** The summary files in a run's evaluations folder, oldest first (plain files only: never a link out of the run). */
function summaryNames(runDir: string): string[] {
  try {
    return fs
      .readdirSync(path.join(runDir, EVALUATIONS_FOLDER), { withFileTypes: true })
      .filter((entry) => entry.isFile() && SUMMARY_NAME.test(entry.name))
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}

/** A run's evaluations, oldest first (the newest `MAX_LISTED` of a run evaluated more often). */
export function readEvaluations(runDir: string, info: RunInfo): RecordedEvaluation[] {
  if (info.command === 'evaluate') {
    const legacy = legacyEvaluation(runDir, info);
    return legacy ? [legacy] : [];
  }
  const recorded = summaryNames(runDir)
    .slice(-MAX_LISTED)
    .flatMap((name) => readEvaluationFile(path.join(runDir, EVALUATIONS_FOLDER, name)) ?? []);
  return [...recorded, ...legacyEvaluationsOf(runDir)].sort((a, b) => a.time - b.time);
}

/**
 * The newest evaluation recorded in a run, without reading the older ones (nor the pre-0.3
 * evaluation folders beside it: a list of runs finds those in one pass, see latestEvaluationSummary).
 */
export function latestEvaluation(runDir: string, info: RunInfo): RecordedEvaluation | undefined {
  if (info.command === 'evaluate') return legacyEvaluation(runDir, info);
  for (const name of summaryNames(runDir).reverse()) {
    const evaluation = readEvaluationFile(path.join(runDir, EVALUATIONS_FOLDER, name));
    if (evaluation) return evaluation;
  }
  return undefined;
}

/** An evaluation's classification report, when it has a readable one. */
export function readClassification(evaluation: RecordedEvaluation): ClassificationReport | undefined {
  const file = evaluation.classificationFile;
  if (file === undefined) return undefined;
  if (file.endsWith(METRICS_FILE)) {
    let report: ClassificationReport | undefined;
    readLinesSync(file, (text) => {
      const line = parseObjectLine(text);
      if (line?.type !== 'classification') return;
      const checked = classificationReportSchema.check(line, 'classification'); // drops `type`
      if (checked.ok) report = checked.value;
    });
    return report;
  }
  try {
    const checked = classificationReportSchema.check(JSON.parse(fs.readFileSync(file, 'utf8')), path.basename(file));
    return checked.ok ? checked.value : undefined;
  } catch {
    return undefined;
  }
}

/** The newer of two evaluations (the first when they tie). */
export function newerEvaluation<T extends { time: number }>(a: T | undefined, b: T | undefined): T | undefined {
  return a === undefined || (b !== undefined && b.time > a.time) ? b : a;
}

/** The newest evaluation as the loss panel and Compare show it, a pre-0.3 evaluation folder's included. */
export function latestEvaluationSummary(runDir: string, info: RunInfo): EvaluationSummary | undefined {
  const legacy = info.command === 'evaluate' ? [] : legacyEvaluationsOf(runDir);
  const evaluation = legacy.reduce(newerEvaluation, latestEvaluation(runDir, info));
  if (!evaluation) return undefined;
  const classification = readClassification(evaluation);
  return {
    split: evaluation.split,
    checkpoint: evaluation.checkpoint,
    logs: evaluation.logs,
    time: evaluation.time,
    ...(classification && { classification }),
  };
}
