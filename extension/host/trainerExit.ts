/** What the user is told, and what the run folder records, when the trainer process ended without saying how its run ended. */
import type { TrainerError } from '../protocol/model';
import { markRunFailed } from '../runs/runWriter';
import type { TrainerExit } from './trainerProcess';

function howItEnded(exit: TrainerExit): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code ?? 'unknown'}`;
}

export function describeTrainerExit(exit: TrainerExit): TrainerError {
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
 * What the host does when a trainer exits: nothing when the run already said how it ended;
 * otherwise its run folder is marked failed with the described error, which is returned to be shown.
 */
export function recordTrainerExit(
  run: { readonly runDir?: string; readonly ended: boolean },
  exit: TrainerExit,
): TrainerError | undefined {
  if (run.ended) return undefined;
  const error = describeTrainerExit(exit);
  if (run.runDir) markRunFailed(run.runDir, error);
  return error;
}
