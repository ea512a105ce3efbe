/**
 * The learning-rate range test (Smith 2015; Lightning's LR finder): train on successive
 * batches while the learning rate grows exponentially, record the loss, stop once it blows
 * up, and suggest the rate where the smoothed loss falls fastest.
 */
import type { LayersModel } from '@tensorflow/tfjs';
import type { LearningRateRange } from '../../protocol/inspection';
import { setOptimizerLearningRate } from '../optimizerLearningRate';
import type { Batch } from './firstBatch';

export interface SweepOptions {
  minLearningRate: number;
  maxLearningRate: number;
  steps: number;
  /** EMA weight for the smoothed loss. */
  smoothing: number;
  /** Stop once the smoothed loss exceeds this multiple of its best value. */
  divergenceFactor: number;
}

export const DEFAULT_SWEEP: SweepOptions = {
  minLearningRate: 1e-6,
  maxLearningRate: 1,
  steps: 100,
  smoothing: 0.9,
  divergenceFactor: 4,
};

export function sweepLearningRate(step: number, options: SweepOptions): number {
  const fraction = options.steps > 1 ? step / (options.steps - 1) : 0;
  return options.minLearningRate * (options.maxLearningRate / options.minLearningRate) ** fraction;
}

/**
 * Below this fall of the smoothed loss (from its start to its minimum, as a fraction of the
 * start) the curve is too flat for its steepest point to mean anything.
 */
export const MIN_USEFUL_FALL = 0.1;

/** The learning rate where the smoothed loss falls fastest, looking only before its minimum. */
export function suggestLearningRate(points: LearningRateRange['points']): { suggested: number | null; reason: string } {
  const finite = points.filter((point) => Number.isFinite(point.smoothedLoss));
  if (finite.length < 5) return { suggested: null, reason: 'The sweep ended too early to suggest a learning rate.' };
  const minimumIndex = finite.reduce(
    (best, point, i) => (point.smoothedLoss < (finite[best]?.smoothedLoss ?? Infinity) ? i : best),
    0,
  );
  const start = finite[0]?.smoothedLoss ?? 0;
  const fall = start > 0 ? (start - (finite[minimumIndex]?.smoothedLoss ?? start)) / start : 0;
  if (fall < MIN_USEFUL_FALL) {
    return {
      suggested: null,
      reason:
        `The loss curve is almost flat (the smoothed loss fell ${(fall * 100).toFixed(1)}% at most), so no ` +
        'learning rate stands out. Try more data per step (a larger batch), or check the data and the model.',
    };
  }
  let steepest = -1;
  let steepestSlope = 0;
  for (let i = 1; i <= minimumIndex; i++) {
    const previous = finite[i - 1];
    const current = finite[i];
    if (!previous || !current) continue;
    const slope =
      (current.smoothedLoss - previous.smoothedLoss) /
      (Math.log10(current.learningRate) - Math.log10(previous.learningRate));
    if (slope < steepestSlope) {
      steepestSlope = slope;
      steepest = i;
    }
  }
  const point = finite[steepest];
  if (!point)
    return {
      suggested: null,
      reason: 'The loss never fell during the sweep: check the data and the model before tuning the learning rate.',
    };
  return {
    suggested: point.learningRate,
    reason: `The smoothed loss falls fastest at ${point.learningRate.toExponential(1)}; its minimum is at ${(finite[minimumIndex]?.learningRate ?? 0).toExponential(1)}.`,
  };
}

export async function runLearningRateRange(
  model: LayersModel,
  batches: Batch[],
  options: SweepOptions = DEFAULT_SWEEP,
  shouldStop: () => boolean = () => false,
): Promise<LearningRateRange> {
  const optimizer = model.optimizer;
  const points: LearningRateRange['points'] = [];
  let smoothed = 0;
  let best = Infinity;
  for (let step = 0; step < options.steps && batches.length > 0 && !shouldStop(); step++) {
    const batch = batches[step % batches.length] as Batch;
    const learningRate = sweepLearningRate(step, options);
    setOptimizerLearningRate(optimizer, learningRate);
    const result = await model.trainOnBatch(batch.xs, batch.ys);
    const loss = Array.isArray(result) ? (result[0] ?? Number.NaN) : result;
    smoothed = options.smoothing * smoothed + (1 - options.smoothing) * loss;
    const smoothedLoss = smoothed / (1 - options.smoothing ** (step + 1));
    points.push({ learningRate, loss, smoothedLoss });
    if (!Number.isFinite(loss) || smoothedLoss > options.divergenceFactor * best) break;
    best = Math.min(best, smoothedLoss);
  }
  return { points, ...suggestLearningRate(points) };
}
