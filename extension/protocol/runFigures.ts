/**
 * The figures a run is read by at a glance, from its epoch records: the newest epoch's loss,
 * the best epoch, and whether validation loss has been rising while training loss falls.
 * Pure. It lives beside the records because the loss panel and the status bar both show
 * these figures, and this folder is the one both of them see.
 */
import type { EpochRecord } from './records';

const LOSS = 'loss';
const VAL_LOSS = 'val_loss';

/** Epochs in a row that validation loss must rise (while training loss falls) to call it overfitting. */
export const OVERFITTING_EPOCHS = 3;

export interface EpochLoss {
  readonly epoch: number;
  readonly loss: number | null;
  /** Validation loss, when the run has a validation split. */
  readonly valLoss: number | null;
}

/** The newest epoch's training and validation loss; null before the first epoch ends. */
export function latestEpochLoss(epoch: EpochRecord | undefined): EpochLoss | null {
  if (epoch === undefined) return null;
  return { epoch: epoch.epoch, loss: finite(epoch.logs[LOSS]), valLoss: finite(epoch.logs[VAL_LOSS]) };
}

/** "loss 0.1234 · validation 0.1502 (epoch 7)": the same words in the panel and the status bar. */
export function formatEpochLoss(figure: EpochLoss): string {
  const parts = [`loss ${formatLoss(figure.loss)}`];
  if (figure.valLoss !== null) parts.push(`validation ${formatLoss(figure.valLoss)}`);
  return `${parts.join(' · ')} (epoch ${figure.epoch})`;
}

export interface BestEpoch {
  readonly epoch: number;
  /** The step where that epoch ended (the chart's step axis). */
  readonly step: number;
  readonly time: number;
  /** Which loss picked it: validation loss when the run has one, else training loss. */
  readonly by: 'validation loss' | 'loss';
  readonly value: number;
}

/** The epoch with the lowest validation loss (or training loss, without validation); null when none is finite. */
export function bestEpoch(epochs: readonly EpochRecord[]): BestEpoch | null {
  const key = epochs.some((record) => finite(record.logs[VAL_LOSS]) !== null) ? VAL_LOSS : LOSS;
  let best: EpochRecord | undefined;
  for (const record of epochs) {
    const value = finite(record.logs[key]);
    if (value !== null && (best === undefined || value < (best.logs[key] as number))) best = record;
  }
  if (best === undefined) return null;
  const by = key === VAL_LOSS ? 'validation loss' : 'loss';
  return { epoch: best.epoch, step: best.step, time: best.time, by, value: best.logs[key] as number };
}

/**
 * A plain-language note when validation loss has risen for the last `OVERFITTING_EPOCHS`
 * epochs in a row while training loss fell over the same epochs; null otherwise.
 */
export function overfittingNote(epochs: readonly EpochRecord[], best: BestEpoch | null): string | null {
  const recent = epochs.slice(-(OVERFITTING_EPOCHS + 1));
  if (recent.length < OVERFITTING_EPOCHS + 1) return null;
  const val = recent.map((record) => finite(record.logs[VAL_LOSS]));
  const train = recent.map((record) => finite(record.logs[LOSS]));
  for (let i = 1; i < recent.length; i++) {
    const [v0, v1, t0, t1] = [val[i - 1], val[i], train[i - 1], train[i]];
    if (v0 == null || v1 == null || !(v1 > v0)) return null;
    if (t0 == null || t1 == null || !(t1 < t0)) return null;
  }
  const since = best === null ? '' : ` (best: epoch ${best.epoch})`;
  return `Validation loss rose ${OVERFITTING_EPOCHS} epochs in a row while training loss fell: likely overfitting${since}.`;
}

/** Four significant digits, as the chart legends show losses. */
export function formatLoss(value: number | null): string {
  return value === null ? '–' : String(Number(value.toPrecision(4)));
}

function finite(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}
