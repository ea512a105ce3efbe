/**
 * Scripts often save their model on Ctrl+C: `process.on('SIGINT', async () => { await
 * model.save(…); process.exit(0); })`. Under Tensorscope, Ctrl+C reaches the CLI (the trainer has
 * a process group of its own) and becomes a stop, so the script's handler would never run. When
 * the first stop is requested and the script listens for SIGINT, its listeners get SIGINT then,
 * as under node (the trainer listens for no SIGINT of its own); the fit stops at its next batch.
 */
import type { RunControl } from '../runControl';

export function relayStopAsSigint(control: RunControl): void {
  control.onStop(() => {
    if (process.listenerCount('SIGINT') > 0) process.emit('SIGINT', 'SIGINT');
  });
}
