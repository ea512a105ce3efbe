/** Where a stopped, failed or interrupted run resumes: the end of its last completed epoch (its last checkpoint). */
import * as os from 'node:os';
import type { RunInfo } from '../runs/runFiles';
import { processAlive } from '../runs/processIdentity';
import { RunLock, RunLockedError } from '../runs/runLock';
import { readRun, readRunInfo } from '../runs/runReader';
import { checkpointDir as lastCheckpointDir, checkpointPosition } from '../runs/checkpointFiles';
import { TrainerFailure } from './failure';
import { scriptRefusal } from './script/scriptRefusal';
import type { TrainingStart } from './trainingLoop';

export interface ResumePoint {
  info: RunInfo;
  start: TrainingStart;
  checkpointDir: string;
}

/** What the user asked for: the epochs in all (`--epochs`), which must go past a completed run's. */
export interface ResumeIntent {
  epochs?: number;
}

/** The run folder's writer lock, or a refusal that names the process holding it. */
export function acquireRunLock(runDir: string, command: string): RunLock {
  try {
    return RunLock.acquire(runDir, command);
  } catch (error) {
    if (!(error instanceof RunLockedError)) throw error;
    throw new TrainerFailure(
      'contract',
      error.message,
      undefined,
      'Stop that run first (or wait for it to end), then resume.',
    );
  }
}

/**
 * A writer from before run folders had locks, still running on this machine. Asked only of a run
 * that had no lock: a lock taken over says its writer is gone, even if run.json's pid is alive again
 * (reused by another process).
 */
function olderWriterAlive(info: RunInfo): boolean {
  return (
    info.status === 'running' && info.hostname === os.hostname() && info.pid !== process.pid && processAlive(info.pid)
  );
}

export function findResumePoint(runDir: string, intent: ResumeIntent = {}, lockTakenOver = false): ResumePoint {
  // run.json only: the metrics are read when the checkpoint does not say where it was taken (a run of any size resumes at once).
  const info = readRunInfo(runDir);
  if (!info) throw new TrainerFailure('contract', `Not a Tensorscope run folder (no readable run.json): ${runDir}`);
  if (info.command === 'evaluate')
    throw new TrainerFailure('contract', 'An evaluation cannot be resumed; resume the training run it evaluated.');
  // Before anything about epochs or checkpoints: those questions do not arise for a script.
  if (info.mode === 'script') throw scriptRefusal(info.modelFile, 'resumed', lastCheckpointDir(runDir));
  if (!lockTakenOver && olderWriterAlive(info))
    throw new TrainerFailure('contract', `Run ${info.runId} is still running (pid ${info.pid}).`);
  const checkpointDir = lastCheckpointDir(runDir);
  if (!checkpointDir) {
    throw new TrainerFailure(
      'contract',
      `Run ${info.runId} has no checkpoint to resume from: it ended before its first epoch.`,
      undefined,
      'Train it again instead.',
    );
  }
  const start = checkpointPosition(checkpointDir) ?? lastEpochEnd(runDir);
  if (info.status === 'completed' && !(intent.epochs !== undefined && intent.epochs > start.epoch)) {
    throw new TrainerFailure(
      'contract',
      `Run ${info.runId} completed all its ${start.epoch} epochs; resuming it means training more epochs.`,
      undefined,
      `Say how many epochs in all: tensorscope resume <run-dir> --epochs ${start.epoch + 10} (more than ${start.epoch}).`,
    );
  }
  return { info, start, checkpointDir };
}

/** Where the newest epoch ended, from the metrics (checkpoints written before 0.2 do not record it). */
function lastEpochEnd(runDir: string): TrainingStart {
  const last = readRun(runDir, { batches: 2, epochs: 2, layerStats: 1, probes: 1, controls: 1 })?.epochs.at(-1);
  return { epoch: last?.epoch ?? 0, step: last?.step ?? 0 };
}
