import type { Optimizer } from '@tensorflow/tfjs';

interface LearningRateHolder {
  setLearningRate?: (lr: number) => void;
  learningRate?: unknown;
}

/** Changes a TensorFlow.js optimizer's learning rate in place (SGD keeps it in a tensor; the others in a field). */
export function setOptimizerLearningRate(optimizer: Optimizer | undefined, learningRate: number): void {
  if (!optimizer) return;
  const settable = optimizer as unknown as LearningRateHolder;
  if (typeof settable.setLearningRate === 'function') settable.setLearningRate(learningRate);
  else settable.learningRate = learningRate;
}

/**
 * The learning rate the optimizer really uses (every tf.train optimizer keeps it in a
 * `learningRate` field), or null for an optimizer without one (a custom class).
 */
export function readOptimizerLearningRate(optimizer: Optimizer | undefined): number | null {
  const value = (optimizer as unknown as LearningRateHolder | undefined)?.learningRate;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;
}
