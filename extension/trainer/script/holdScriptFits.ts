/**
 * A training script loaded for a command that does not train it (evaluate, resume) would start
 * training by itself, unrecorded, before it could be told that the command needs a module-mode
 * file. While it loads, its fit calls wait instead (for ever: the trainer reports and exits).
 */
import type { TensorFlow } from '../tensorflow';
import { FitInterceptor } from './fitInterceptor';

/** Holds fits made while the model file loads; returns the release (fits made after it train normally). */
export function holdScriptFits(tf: TensorFlow): () => void {
  const interceptor = new FitInterceptor(tf);
  interceptor.install({ beforeFit: () => new Promise<never>(() => undefined), afterFit: () => Promise.resolve() });
  return () => interceptor.uninstall();
}
