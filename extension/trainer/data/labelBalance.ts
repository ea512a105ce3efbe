/**
 * Reads labels as classes when they are classes (one-hot rows, integer indices, or 0/1 values)
 * and counts examples per class. Pure. Anything else is a regression target: no balance.
 */
import type { LabelBalance } from '../../protocol/dataReport';
import type { NumericArray } from './valueStats';

/** More distinct integer labels than this are read as values, not classes. */
export const MAX_CLASSES = 1_000;

function isOneHotRows(values: NumericArray, width: number): boolean {
  if (width < 2 || values.length % width !== 0) return false;
  for (let row = 0; row < values.length; row += width) {
    let ones = 0;
    for (let i = row; i < row + width; i++) {
      const value = values[i] as number;
      if (value === 1) ones++;
      else if (value !== 0) return false;
    }
    if (ones !== 1) return false;
  }
  return true;
}

function oneHotCounts(values: NumericArray, width: number): number[] {
  const counts = new Array<number>(width).fill(0);
  for (let row = 0; row < values.length; row += width) {
    for (let i = 0; i < width; i++) if (values[row + i] === 1) counts[i] = (counts[i] as number) + 1;
  }
  return counts;
}

function indexCounts(values: NumericArray): number[] | undefined {
  let largest = -1;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (!Number.isInteger(value) || value < 0 || value >= MAX_CLASSES) return undefined;
    if (value > largest) largest = value;
  }
  if (largest < 1) return undefined;
  const counts = new Array<number>(largest + 1).fill(0);
  for (let i = 0; i < values.length; i++) counts[values[i] as number] = (counts[values[i] as number] as number) + 1;
  return counts;
}

/**
 * Class counts of `values` (examples × `width` label values each), or null for regression targets.
 * `integerDtype` says the tensor holds integers (int32 labels are indices even when few are seen).
 */
export function labelBalance(values: NumericArray, width: number, integerDtype: boolean): LabelBalance | null {
  if (values.length === 0) return null;
  if (isOneHotRows(values, width)) return { encoding: 'oneHot', counts: oneHotCounts(values, width) };
  if (width !== 1) return null;
  const counts = indexCounts(values);
  if (counts === undefined) return null;
  if (counts.length === 2) return { encoding: 'binary', counts };
  // A float column of small integers is read as class indices only when it looks like few classes.
  return integerDtype || counts.length <= 100 ? { encoding: 'index', counts } : null;
}
