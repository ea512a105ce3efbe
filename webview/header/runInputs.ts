/** The run-control fields' values: what the user typed, checked before it goes to the host. Pure. */

export const DEFAULT_MORE_EPOCHS = 5;
export const MAX_MORE_EPOCHS = 1_000_000;

export const EPOCHS_HINT = `Enter a whole number of epochs from 1 to ${MAX_MORE_EPOCHS.toLocaleString('en-US')}.`;
export const LEARNING_RATE_HINT = 'Enter a positive number, such as 0.001 or 1e-4.';

/** A whole number of epochs to add, or null when the text is not one in range. */
export function parseEpochCount(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return value >= 1 && value <= MAX_MORE_EPOCHS ? value : null;
}

/** A positive, finite learning rate (decimal or exponent notation), or null. */
export function parseLearningRate(text: string): number | null {
  const trimmed = text.trim();
  if (!/^(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) && value > 0 ? value : null;
}
