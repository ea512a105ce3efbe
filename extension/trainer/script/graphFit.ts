/**
 * A script's `model.fit(x, y, args)` trained through the compiled step: the script's callbacks
 * first and the live callback after them, as the eager path adds it, and the History `fit`
 * resolves to (compiled/callbackFit).
 */
import type { History } from '@tensorflow/tfjs';
import { fitThroughGraph, type FitCallback, type GraphFit } from '../compiled/callbackFit';
import { disposeFitTensors, type FitCall } from './fitExecution';

/** One fit call of the script through the compiled step; the tensors made for it go afterwards (the step stays for the next call). */
export async function trainFitThroughGraph(fit: GraphFit, call: FitCall, callbacks: FitCallback[]): Promise<History> {
  const args = call.args as { epochs?: number; initialEpoch?: number };
  try {
    return await fitThroughGraph(fit, args.epochs ?? 1, args.initialEpoch ?? 0, [...callbacks, fit.live]);
  } finally {
    disposeFitTensors(fit.tf, fit.execution, call);
  }
}
