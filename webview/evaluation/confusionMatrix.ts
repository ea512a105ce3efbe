/**
 * The confusion matrix as the panel draws it: per true class (row), each predicted class's
 * count, its share of the row, and how strongly its cell is shaded. Pure.
 */
import type { ClassificationReport } from '../../extension/protocol/evaluation';

export interface ConfusionCell {
  readonly predicted: number;
  readonly count: number;
  /** count / row total: the fraction of this true class predicted as `predicted`. */
  readonly share: number;
  /** Whether the prediction is right (the diagonal). */
  readonly correct: boolean;
}

export interface ConfusionRow {
  readonly label: number;
  readonly total: number;
  readonly cells: readonly ConfusionCell[];
  readonly precision: number | null;
  readonly recall: number | null;
}

/** The strongest shade, so numbers stay readable on a full cell in any theme. */
export const MAX_SHADE = 0.8;

export function confusionRows(report: ClassificationReport): ConfusionRow[] {
  return Array.from({ length: report.classes }, (_, label) => {
    const counts = report.confusion[label] ?? [];
    const total = counts.reduce((sum, count) => sum + count, 0);
    const cells = Array.from({ length: report.classes }, (_, predicted) => {
      const count = counts[predicted] ?? 0;
      return { predicted, count, share: total > 0 ? count / total : 0, correct: predicted === label };
    });
    return { label, total, cells, precision: report.precision[label] ?? null, recall: report.recall[label] ?? null };
  });
}

/** A cell's background opacity: proportional to its share of the row, up to MAX_SHADE. */
export function cellShade(share: number): number {
  if (!Number.isFinite(share) || share <= 0) return 0;
  return Math.round(Math.min(share, 1) * MAX_SHADE * 1000) / 1000;
}

/** Above this many classes a full matrix cannot be read at a glance: the panel leads with the top confusions. */
export const MAX_MATRIX_CLASSES = 20;

export interface Confusion {
  readonly label: number;
  readonly predicted: number;
  readonly count: number;
  /** count / that true class's total. */
  readonly share: number;
}

/** The `limit` largest off-diagonal counts (a true class mistaken for another), largest first. */
export function topConfusions(report: ClassificationReport, limit: number): Confusion[] {
  const found: Confusion[] = [];
  for (const row of confusionRows(report)) {
    for (const cell of row.cells) {
      if (cell.correct || cell.count === 0) continue;
      found.push({ label: row.label, predicted: cell.predicted, count: cell.count, share: cell.share });
    }
  }
  return found.sort((a, b) => b.count - a.count || b.share - a.share).slice(0, limit);
}
