/**
 * Debiased exponential moving average, as TensorBoard smooths scalar curves:
 *   last_t = w * last_{t-1} + (1 - w) * x_t,  last_0 = 0
 *   smoothed_t = last_t / (1 - w^t)
 * Dividing by (1 - w^t) removes the pull towards the zero start, so the first smoothed
 * point equals the first value. Non-finite values (a diverged loss) pass through unsmoothed
 * and do not count towards t.
 */

/** The largest weight the panel uses; at 1 the average would never move. */
export const MAX_SMOOTHING_WEIGHT = 0.999;

export interface EmaState {
  readonly weight: number;
  last: number;
  /** w^t, kept by multiplication instead of a power per point. */
  decay: number;
}

export function clampWeight(weight: number): number {
  if (!Number.isFinite(weight) || weight <= 0) return 0;
  return Math.min(weight, MAX_SMOOTHING_WEIGHT);
}

export function createEma(weight: number): EmaState {
  return { weight: clampWeight(weight), last: 0, decay: 1 };
}

/** Feeds one value and returns its smoothed value. */
export function pushEma(state: EmaState, value: number): number {
  if (!Number.isFinite(value)) return value;
  const w = state.weight;
  state.last = w * state.last + (1 - w) * value;
  state.decay *= w;
  return state.last / (1 - state.decay);
}

/** Smooths a whole series; `weight` 0 returns a copy of the values. */
export function smooth(values: readonly number[], weight: number): number[] {
  const state = createEma(weight);
  return values.map((value) => pushEma(state, value));
}
