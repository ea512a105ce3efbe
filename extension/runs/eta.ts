/** Seconds left, from the average pace so far; null until a pace is known. */
export function estimateEtaSeconds(stepsDone: number, totalSteps: number | null, elapsedMs: number): number | null {
  if (totalSteps === null || stepsDone <= 0 || elapsedMs <= 0) return null;
  const remaining = Math.max(0, totalSteps - stepsDone);
  return (remaining * elapsedMs) / stepsDone / 1000;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** Steps at the start (and after each gap) whose pace is not counted: JIT, kernel set-up, first data reads. */
const WARMUP_STEPS = 5;
/** No estimate before this much training has been timed after the warm-up. */
const MIN_TIMED_MS = 3_000;
const MIN_TIMED_STEPS = 20;
/** A longer wait between two batches (a pause, a stall) is not the training's pace: skipped. */
const MAX_GAP_MS = 5_000;
/** How quickly the smoothed pace follows a change of speed. */
const PACE_TIME_CONSTANT_MS = 10_000;

/**
 * An ETA that means something: silent until enough steps and time after the warm-up were
 * timed (an estimate from the first batches said 19 minutes for a 26-second run), then from a
 * pace smoothed over about ten seconds, so it neither jumps with each batch nor counts pauses.
 */
export class EtaEstimator {
  private last: { step: number; time: number } | undefined;
  private warmupLeft = WARMUP_STEPS;
  private timedMs = 0;
  private timedSteps = 0;
  /** Time and steps summed with weights that fade over PACE_TIME_CONSTANT_MS: their ratio is the recent pace. */
  private recentMs = 0;
  private recentSteps = 0;

  /** Feeds the newest step and when it ended (ms). */
  observe(step: number, time: number): void {
    const last = this.last;
    this.last = { step, time };
    if (last === undefined || step <= last.step) return;
    const steps = step - last.step;
    const ms = time - last.time;
    if (ms > MAX_GAP_MS || ms < 0) {
      this.warmupLeft = WARMUP_STEPS;
      return;
    }
    if (this.warmupLeft > 0) {
      this.warmupLeft -= steps;
      return;
    }
    this.timedMs += ms;
    this.timedSteps += steps;
    const fade = Math.exp(-ms / PACE_TIME_CONSTANT_MS);
    this.recentMs = this.recentMs * fade + ms;
    this.recentSteps = this.recentSteps * fade + steps;
  }

  /** Seconds left at `step` of `totalSteps`; null while the pace is not known well enough. */
  secondsLeft(step: number, totalSteps: number | null): number | null {
    if (totalSteps === null || this.timedMs < MIN_TIMED_MS || this.timedSteps < MIN_TIMED_STEPS) return null;
    const msPerStep = this.recentMs / this.recentSteps;
    return (Math.max(0, totalSteps - step) * msPerStep) / 1000;
  }
}
