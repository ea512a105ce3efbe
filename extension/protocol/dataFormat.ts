/**
 * Facts about data shared by the trainer's findings, the CLI and the Data view webview (which
 * sees only this protocol folder), each with one home. Pure.
 */

/**
 * How the Data view, the CLI and the hover format one statistic: three significant digits,
 * scientific notation for very small or large values, "–" when there is none.
 */
export function formatStatValue(value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  return magnitude < 1e-3 || magnitude >= 1e4 ? value.toExponential(1) : String(Number(value.toPrecision(3)));
}

/** A class has this many times the examples of the others on average: it dominates. */
export const DOMINANCE_RATIO = 3;

export interface Dominance {
  readonly label: number;
  readonly share: number;
  /** Its count over the mean count of the other classes. */
  readonly ratio: number;
}

/** The class that dominates the split, if one does. */
export function dominantClass(counts: readonly number[]): Dominance | undefined {
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (counts.length < 2 || total === 0) return undefined;
  let label = 0;
  counts.forEach((count, i) => {
    if (count > (counts[label] as number)) label = i;
  });
  const largest = counts[label] as number;
  const othersMean = (total - largest) / (counts.length - 1);
  const ratio = othersMean === 0 ? Infinity : largest / othersMean;
  return ratio >= DOMINANCE_RATIO ? { label, share: largest / total, ratio } : undefined;
}
