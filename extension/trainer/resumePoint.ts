/** Where a stopped or crashed run resumes: the end of its last completed epoch (its last checkpoint). */
import * as os from 'node:os';
import * as path from 'node:path';
import type { RunInfo } from '../runs/runFiles';
import { readRun } from '../runs/runReader';
import { LAST_CHECKPOINT, checkpointPosition, hasCheckpoint } from '../runs/checkpointFiles';
import { TrainerFailure } from './failure';
import type { TrainingStart } from './trainingLoop';

export interface ResumePoint {
  info: RunInfo;
  start: TrainingStart;
  checkpointDir: string;
}

export function findResumePoint(runDir: string): ResumePoint {
  const run = readRun(runDir);
  if (!run) throw new TrainerFailure('contract', `Not a Tensorscope run folder (no readable run.json): ${runDir}`);
  if (run.info.command === 'evaluate')
    throw new TrainerFailure('contract', 'An evaluation cannot be resumed; resume the training run it evaluated.');
  if (run.info.status === 'running' && run.info.hostname === os.hostname() && processAlive(run.info.pid)) {
    throw new TrainerFailure('contract', `Run ${run.info.runId} is still running (pid ${run.info.pid}).`);
  }
  if (!hasCheckpoint(runDir)) {
    throw new TrainerFailure(
      'contract',
      `Run ${run.info.runId} has no checkpoint to resume from: it ended before its first epoch.`,
      undefined,
      'Train it again instead.',
    );
  }
  const checkpointDir = path.join(runDir, LAST_CHECKPOINT);
  const last = run.epochs[run.epochs.length - 1];
  const start = checkpointPosition(checkpointDir) ?? { epoch: last?.epoch ?? 0, step: last?.step ?? 0 };
  return { info: run.info, start, checkpointDir };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
