import type { TensorFlow } from './tensorflow';

/** Hides TensorFlow's C++ start-up chatter; must run before TensorFlow.js is loaded. */
export function quietTensorFlowLogs(): void {
  process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
  // oneDNN on (TensorFlow's own default): with the compiled graph step it trained the bench CNN ~2.5x
  // and the residual CNN ~1.7x faster than with it off, the MLP ~1.4x slower; eager steps showed no
  // difference beyond noise. See bench/README.md ("oneDNN with the compiled step").
  process.env.TF_ENABLE_ONEDNN_OPTS ??= '1';
}

/**
 * The pure-JS cpu backend prints "Hi, looks like you are running TensorFlow.js in Node.js…" on its
 * first tensor; Tensorscope already says which backend runs and why, in the panel, the status bar
 * and the CLI. The banner is keyed on the backend instance's own `firstUse` flag.
 */
export function silenceCpuBackendBanner(tf: Pick<TensorFlow, 'findBackend'>): void {
  const cpu = tf.findBackend('cpu') as { firstUse?: boolean } | null;
  if (cpu && 'firstUse' in cpu) cpu.firstUse = false;
}
