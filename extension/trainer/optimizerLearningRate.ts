import type { Optimizer } from '@tensorflow/tfjs';

/** Changes a TensorFlow.js optimizer's learning rate in place (SGD keeps it in a tensor; the others in a field). */
export function setOptimizerLearningRate(optimizer: Optimizer | undefined, learningRate: number): void {
  if (!optimizer) return;
  const settable = optimizer as unknown as { setLearningRate?: (lr: number) => void; learningRate?: number };
  if (typeof settable.setLearningRate === 'function') settable.setLearningRate(learningRate);
  else settable.learningRate = learningRate;
}
