/**
 * Which parts of the loss panel mean something for a run. A run that ended before its first
 * batch (a build error, a missing export, Stop before training) has no figures, nothing to
 * chart, no checkpoint to resume or evaluate: it shows only its name, badge, error and
 * Train again. A training script's run is trained again, never resumed or evaluated. While a run is running every figure shows, with a dash until it is known.
 * Pure, so it is unit-tested.
 */
import type { RunHeader } from '../../extension/protocol/panelMessages';

export interface PanelParts {
  readonly epoch: boolean;
  readonly rate: boolean;
  readonly eta: boolean;
  readonly backend: boolean;
  readonly resume: boolean;
  readonly evaluate: boolean;
  /** The chart settings (smoothing, scale, x axis) and the charts. */
  readonly charts: boolean;
}

type PartsHeader = Pick<RunHeader, 'status' | 'step' | 'samplesPerSec' | 'backend' | 'mode'>;

/** Whether the run got as far as training: a batch or epoch recorded, or a step counted. */
export function hasTrained(header: Pick<RunHeader, 'step'>, recorded: { batches: number; epochs: number }): boolean {
  return header.step > 0 || recorded.batches > 0 || recorded.epochs > 0;
}

export function panelParts(header: PartsHeader, trained: boolean): PanelParts {
  const running = header.status === 'running';
  const ended = !running;
  // Tensorscope owns the loop of a module-mode run; a training script owns its own, so it is only trained again.
  const ownsLoop = header.mode !== 'script';
  return {
    epoch: running || trained,
    rate: running || (trained && header.samplesPerSec !== null),
    eta: running,
    backend: running || header.backend !== null,
    resume:
      ownsLoop &&
      trained &&
      (header.status === 'stopped' || header.status === 'failed' || header.status === 'interrupted'),
    evaluate: ownsLoop && trained && ended,
    charts: running || trained,
  };
}
