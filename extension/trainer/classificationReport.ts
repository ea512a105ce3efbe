/** Confusion matrix, per-class precision/recall and the most confidently wrong examples (pure, tested). */
import type { ClassificationReport, WrongExample } from '../protocol/evaluation';

export const MOST_WRONG = 12;

export interface Predictions {
  /** True class per example. */
  labels: ArrayLike<number>;
  /** Class probabilities, row-major [examples × classes]. */
  probabilities: ArrayLike<number>;
  classes: number;
}

function argmaxRow(values: ArrayLike<number>, row: number, classes: number): { index: number; value: number } {
  let index = 0;
  let value = -Infinity;
  for (let c = 0; c < classes; c++) {
    const v = values[row * classes + c] as number;
    if (v > value) {
      value = v;
      index = c;
    }
  }
  return { index, value };
}

export function classificationReport(
  predictions: Predictions,
  imageOf?: (index: number) => WrongExample['image'],
): ClassificationReport {
  const { labels, probabilities, classes } = predictions;
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const wrong: WrongExample[] = [];
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as number;
    const { index: predicted, value: confidence } = argmaxRow(probabilities, i, classes);
    const row = confusion[label];
    if (row) row[predicted] = (row[predicted] ?? 0) + 1;
    if (predicted === label) correct++;
    else wrong.push({ index: i, label, predicted, confidence });
  }
  const column = (c: number) => confusion.reduce((sum, row) => sum + (row[c] ?? 0), 0);
  const rowTotal = (c: number) => (confusion[c] ?? []).reduce((sum, n) => sum + n, 0);
  const diagonal = (c: number) => confusion[c]?.[c] ?? 0;
  const mostConfidentlyWrong = wrong
    .sort((a, b) => b.confidence - a.confidence)
    .slice(0, MOST_WRONG)
    .map((example) => {
      const image = imageOf?.(example.index);
      return image ? { ...example, image } : example;
    });
  return {
    classes,
    confusion,
    precision: confusion.map((_, c) => (column(c) > 0 ? diagonal(c) / column(c) : 0)),
    recall: confusion.map((_, c) => (rowTotal(c) > 0 ? diagonal(c) / rowTotal(c) : 0)),
    accuracy: labels.length > 0 ? correct / labels.length : 0,
    mostConfidentlyWrong,
  };
}
