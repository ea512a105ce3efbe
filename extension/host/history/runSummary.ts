/**
 * What the Run History view shows of a run: its run.json, the logs of its last epoch, read from
 * the end of `metrics.jsonl` (a long run's file is never read whole for a list), and its newest
 * evaluation's summary.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  asEvaluationOfScoredRun,
  latestEvaluation,
  legacyEvaluatedRunDir,
  newerEvaluation,
  type RecordedEvaluation,
} from '../../runs/evaluationRecords';
import { METRICS_FILE, epochFromLine, type RunInfo } from '../../runs/runFiles';
import { runIsInterrupted } from '../../runs/runLock';
import { listRunDirs, parseMetricsLines, readRunInfo } from '../../runs/runReader';
import { findRunStores } from './runStores';

export interface RunSummary {
  readonly runDir: string;
  readonly info: RunInfo;
  /** Loss and metrics of the last finished epoch (`val_` prefixed for validation); empty before one. */
  readonly finalLogs: Readonly<Record<string, number>>;
  /** Interrupted: `running` in run.json, but its writer is gone (no live lock); resumable. */
  readonly orphaned: boolean;
  /** The newest evaluation recorded in the run, if it was evaluated. */
  readonly evaluation?: RecordedEvaluation;
  /** A pre-0.3 evaluation folder: the run it scored, when that run is in the same store. */
  readonly scoredRunDir?: string;
}

const TAIL_BYTES = 64 * 1024;

export function readRunSummary(runDir: string): RunSummary | undefined {
  const info = readRunInfo(runDir);
  if (!info) return undefined;
  const evaluation = latestEvaluation(runDir, info);
  const scoredRunDir =
    info.command === 'evaluate' && evaluation ? legacyEvaluatedRunDir(runDir, evaluation.checkpoint) : undefined;
  return {
    runDir,
    info,
    finalLogs: lastEpochLogs(runDir),
    orphaned: runIsInterrupted(runDir, info),
    ...(evaluation && { evaluation }),
    ...(scoredRunDir !== undefined && { scoredRunDir }),
  };
}

/** Every readable run in the run stores under the given workspace folders, newest first. */
export function readRunSummaries(workspaceDirs: readonly string[]): RunSummary[] {
  const summaries = workspaceDirs
    .flatMap((dir) => findRunStores(dir))
    .flatMap((dir) => listRunDirs(dir))
    .flatMap((dir) => readRunSummary(dir) ?? [])
    .sort((a, b) => b.info.startedAt.localeCompare(a.info.startedAt));
  return withEvaluationFolders(summaries);
}

/** A run scored by pre-0.3 evaluation folders shows the newest evaluation, theirs included. */
function withEvaluationFolders(summaries: RunSummary[]): RunSummary[] {
  const scoring = new Map<string, RecordedEvaluation>();
  for (const { runDir, evaluation, scoredRunDir } of summaries) {
    if (scoredRunDir === undefined || !evaluation) continue;
    const evaluationOfRun = asEvaluationOfScoredRun(runDir, evaluation);
    scoring.set(scoredRunDir, newerEvaluation(scoring.get(scoredRunDir), evaluationOfRun) ?? evaluationOfRun);
  }
  return summaries.map((summary) => {
    const evaluation = newerEvaluation(summary.evaluation, scoring.get(summary.runDir));
    return evaluation === summary.evaluation ? summary : { ...summary, ...(evaluation && { evaluation }) };
  });
}

function lastEpochLogs(runDir: string): Record<string, number> {
  const { lines } = parseMetricsLines(readTail(path.join(runDir, METRICS_FILE), TAIL_BYTES));
  // A training run's last epoch; an evaluation run's scores (the same flat numeric fields).
  const last =
    lines.filter((line) => line.type === 'epoch').pop() ?? lines.filter((line) => line.type === 'evaluation').pop();
  return last ? epochFromLine(last).logs : {};
}

/** The whole lines within the last `bytes` of a file. */
function readTail(file: string, bytes: number): string {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    const length = Math.min(size, bytes);
    const buffer = Buffer.alloc(length);
    fs.readSync(fd, buffer, 0, length, size - length);
    const text = buffer.toString('utf8');
    return length < size ? text.slice(text.indexOf('\n') + 1) : text;
  } catch {
    return '';
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
