/** What the user is told, and what run.json records, when the trainer process ended without saying how its run ended. */
import type { TrainerError } from '../protocol/model';
import type { EndStatus } from '../protocol/trainerMessages';
import type { RunInfo } from '../runs/runFiles';
import { releaseLockOf } from '../runs/runLock';
import { readRunInfo } from '../runs/runReader';
import { recordProcessEnd } from '../runs/runWriter';
import type { TrainerExit } from './trainerProcess';

/** Signals that ask a process to end: a run they end was stopped from outside, not failed. */
const STOP_SIGNALS = new Set<string>(['SIGTERM', 'SIGINT', 'SIGHUP']);

function howItEnded(exit: TrainerExit): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code ?? 'unknown'}`;
}

export function describeTrainerExit(exit: TrainerExit): TrainerError {
  if (exit.stopForced) {
    return {
      kind: 'process',
      message: 'The trainer did not stop at a batch boundary in time and was ended with every process it started.',
      hint: 'The model code was busy (a long step, or a loop that never yields); the run can be resumed from its last checkpoint.',
    };
  }
  if (exit.hung) {
    return {
      kind: 'process',
      message: 'The trainer stopped responding and was ended.',
      hint: 'Raise tensorscope.hungTrainerTimeoutSeconds if a single step legitimately takes this long.',
    };
  }
  if (exit.outOfMemory) {
    return {
      kind: 'process',
      message: `The trainer ran out of memory and ended (${howItEnded(exit)}).`,
      hint: 'Use a smaller batch size or model, stream the data with tf.data instead of loading it all at once, or give the trainer more memory (e.g. NODE_OPTIONS=--max-old-space-size=8192).',
    };
  }
  if (exit.signal && STOP_SIGNALS.has(exit.signal)) {
    return {
      kind: 'process',
      message: `The trainer was ended from outside (${howItEnded(exit)}).`,
      hint: 'The run can be resumed from its last checkpoint.',
    };
  }
  return {
    kind: 'process',
    message: `The trainer process ended unexpectedly (${howItEnded(exit)}).`,
    hint:
      exit.signal === 'SIGKILL'
        ? 'It was killed from outside: often the system’s out-of-memory killer (see `dmesg`), or a task manager.'
        : 'See the Tensorscope output for what it printed last.',
  };
}

/**
 * Whether the run is the ended trainer's to record: a resume ended before it took the run over (its
 * model still being rebuilt, run.json still naming the previous writer) leaves the run as it was.
 */
export function trainerTookOverRun(runDir: string, exit: TrainerExit): boolean {
  const info = exit.trainer && readRunInfo(runDir);
  return !info || info.pid === exit.trainer?.pid;
}

/** A trainer ended on purpose (asked to stop, or signalled to) stopped its run; anything else failed it. */
export function endStatusOf(exit: TrainerExit): EndStatus {
  return exit.stopForced || (exit.signal !== null && STOP_SIGNALS.has(exit.signal)) ? 'stopped' : 'failed';
}

/**
 * Records in run.json how the trainer ended when it did not send `runEnded`: a run it left
 * `running` gets its status and reason; every such run gets the exit code, signal and output tail
 * (a script's `process.exit(2)` is recorded by the trainer itself, with its line, before it dies).
 * A run the trainer had not taken over yet is left as it was (undefined).
 */
export function recordExitInRun(runDir: string, exit: TrainerExit): RunInfo | undefined {
  if (!trainerTookOverRun(runDir, exit)) return undefined;
  const error = describeTrainerExit(exit);
  const status = endStatusOf(exit);
  return recordProcessEnd(runDir, {
    status,
    error: status === 'failed' ? error : null,
    exit: { reason: error.message, code: exit.code, signal: exit.signal, outputTail: exit.outputTail },
  });
}

export interface TrainerEnding {
  status: EndStatus;
  error: TrainerError | null;
  /** A resume ended before it took its run over (its model still being rebuilt): the run is as it was. */
  runUnchanged?: true;
}

/** What is true of a resume ended before it began, said the same way by the CLI and the editor. */
export const RESUME_CANCELLED = 'Resume cancelled before it started; the run is unchanged.';
export const RESUME_ENDED_BEFORE_START = 'The resume ended before it started; the run is unchanged.';
/** An evaluation writes its files only once it has its result (evaluationRecords.ts). */
export const EVALUATION_CANCELLED = 'Evaluation cancelled; nothing was recorded in the run.';

/**
 * A killed trainer (hang timeout, Stop not honoured in time, a second Ctrl+C, the OOM killer) cannot
 * release its run's lock: its supervisor does, once run.json says how the run ended, and only if the
 * lock is still that trainer's (same pid and start), so the next writer need not take over a stale one.
 */
export function releaseTrainerLock(runDir: string, exit: TrainerExit): boolean {
  return exit.trainer !== undefined && releaseLockOf(runDir, exit.trainer);
}

/**
 * What a supervisor does when a trainer exits: when the run did not say how it ended, run.json
 * records how (recordExitInRun), and the status and error to show are returned; either way the dead
 * trainer's lock is released.
 */
export function recordTrainerExit(
  run: { readonly runDir?: string; readonly ended: boolean },
  exit: TrainerExit,
): TrainerEnding | undefined {
  const ending = run.ended ? undefined : recordEnding(run.runDir, exit);
  if (run.runDir) releaseTrainerLock(run.runDir, exit);
  return ending;
}

function recordEnding(runDir: string | undefined, exit: TrainerExit): TrainerEnding {
  if (runDir && !trainerTookOverRun(runDir, exit)) {
    const status = endStatusOf(exit);
    return { status, error: status === 'failed' ? describeTrainerExit(exit) : null, runUnchanged: true };
  }
  const recorded = runDir ? recordExitInRun(runDir, exit) : undefined;
  const status = recorded && recorded.status !== 'running' ? recorded.status : endStatusOf(exit);
  return { status, error: recorded?.error ?? (status === 'failed' ? describeTrainerExit(exit) : null) };
}
