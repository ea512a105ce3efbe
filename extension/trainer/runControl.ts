/**
 * What the user can change while a run trains: stop, pause/continue, more epochs, a new
 * learning rate. Requests arrive between batches (IPC, Ctrl+C) and take effect at the next
 * batch boundary, where the training loop calls `atBatchBoundary`.
 */
import type { ControlRecord } from '../protocol/records';

export interface StopSignal {
  readonly requested: boolean;
}

type Change = Omit<ControlRecord, 'step' | 'epoch' | 'time'>;

export class RunControl implements StopSignal {
  private stopRequested = false;
  private pauseRequested = false;
  private extraEpochs = 0;
  private pendingLearningRate: number | undefined;
  private wake: (() => void) | undefined;
  /** Changes recorded since the last boundary (more epochs). */
  private readonly changes: Change[] = [];
  private readonly stopListeners: (() => void)[] = [];

  get requested(): boolean {
    return this.stopRequested;
  }

  /** Epochs added while training, on top of the configured total. */
  get addedEpochs(): number {
    return this.extraEpochs;
  }

  stop(): void {
    const first = !this.stopRequested;
    this.stopRequested = true;
    this.wakeUp();
    if (first) for (const listener of this.stopListeners.splice(0)) listener();
  }

  /** Called once, when the first stop is requested (not at the batch boundary that honours it). */
  onStop(listener: () => void): void {
    this.stopListeners.push(listener);
  }

  pause(): void {
    this.pauseRequested = true;
  }

  continue(): void {
    this.pauseRequested = false;
    this.wakeUp();
  }

  addEpochs(epochs: number): void {
    this.extraEpochs += epochs;
    this.changes.push({ action: 'addEpochs', value: epochs });
  }

  setLearningRate(learningRate: number): void {
    this.pendingLearningRate = learningRate;
  }

  /**
   * Applies pending changes at a batch boundary: calls `apply` for a new learning rate,
   * reports each change, and waits here while paused (until continued or stopped).
   */
  async atBatchBoundary(
    applyLearningRate: (learningRate: number) => void,
    report: (change: Change) => void,
  ): Promise<void> {
    for (const change of this.changes.splice(0)) report(change);
    if (this.pendingLearningRate !== undefined) {
      applyLearningRate(this.pendingLearningRate);
      report({ action: 'setLearningRate', value: this.pendingLearningRate });
      this.pendingLearningRate = undefined;
    }
    if (!this.pauseRequested || this.stopRequested) return;
    report({ action: 'pause', value: null });
    // A paused script-mode run must not look finished to Node ('beforeExit'): hold a timer.
    const keepAlive = setInterval(() => undefined, 60_000);
    while (this.pauseRequested && !this.stopRequested) {
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    clearInterval(keepAlive);
    report({ action: this.stopRequested ? 'stop' : 'continue', value: null });
  }

  private wakeUp(): void {
    this.wake?.();
    this.wake = undefined;
  }
}
