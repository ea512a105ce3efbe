/**
 * A stop asked for while a script is done training but still running (a server answering
 * predictions, a timer, an open socket): no batch boundary comes to honour it. When the script
 * has stayed outside fit for a grace period after the stop (long enough for its own code after
 * a stopped fit, such as model.save, and for a fit-per-epoch loop to reach its next fit, which
 * stops at once), the run ends as stopped, before the supervisor would kill the trainer.
 */
import * as path from 'node:path';
import type { Send } from '../loadModelFile';
import type { StopSignal } from '../runControl';

const CHECK_EVERY_MS = 200;
/** Shorter than the supervisor's wait for a stop (10 s). */
export const IDLE_GRACE_MS = 3_000;

/** What the fit interceptor knows: fits training now, and fit calls so far. */
export interface FitActivity {
  readonly running: number;
  readonly fitCalls: number;
}

/** Resolves once a stop is requested and no fit has started or run for the grace period; never keeps Node alive. */
export function stopWhileIdle(control: StopSignal, fits: FitActivity): { stopped: Promise<void>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  let idleSince: number | undefined;
  let calls = fits.fitCalls;
  const stopped = new Promise<void>((resolve) => {
    timer = setInterval(() => {
      const active = fits.running > 0 || fits.fitCalls !== calls;
      calls = fits.fitCalls;
      if (!control.requested || active) {
        idleSince = undefined;
        return;
      }
      idleSince ??= Date.now();
      if (Date.now() - idleSince < IDLE_GRACE_MS) return;
      clearInterval(timer);
      resolve();
    }, CHECK_EVERY_MS);
    timer.unref();
  });
  return { stopped, cancel: () => clearInterval(timer) };
}

export function reportIdleStop(send: Send, modelFile: string, fitsSeen: boolean): void {
  const doing = fitsSeen
    ? 'a server, a timer or an open handle keeps it alive'
    : 'it had not reached its first fit: nothing was trained';
  send({
    type: 'log',
    level: 'warning',
    text: `${path.basename(modelFile)} was still running outside model.fit() ${IDLE_GRACE_MS / 1000} s after the stop (${doing}), so Tensorscope ended it there.`,
  });
}
