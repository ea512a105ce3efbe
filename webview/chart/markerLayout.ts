/**
 * Where marker labels go in the label lane above a chart's plot area. The lane has one row
 * per `laneRows`; each label starts at its line (or ends there when it would run past the
 * right edge), in the first row where it does not overlap the label before it; a label that
 * fits in no row is left out (its line is still drawn). Pure, in canvas pixels.
 */

export interface LabelSlot {
  /** Where the text is anchored. */
  readonly x: number;
  readonly align: 'left' | 'right';
  readonly row: number;
}

/** Pixels between a line and its label, and between neighbouring labels. */
export const LABEL_GAP = 4;

/** Rows in the label lane: none without markers, two when labels may need to step aside. */
export function laneRows(markerCount: number): number {
  return Math.min(markerCount, 2);
}

export function placeLabels(
  lines: readonly { x: number; width: number }[],
  bounds: { left: number; right: number },
  rows: number,
  gap = LABEL_GAP,
): (LabelSlot | null)[] {
  const taken = Array.from({ length: rows }, () => -Infinity);
  return lines.map(({ x, width }) => {
    const fitsRight = x + gap + width <= bounds.right;
    const start = fitsRight ? x + gap : x - gap - width;
    const row = taken.findIndex((end) => start >= Math.max(end + gap, bounds.left));
    if (row < 0) return null;
    taken[row] = start + width;
    return { x: fitsRight ? start : x - gap, align: fitsRight ? 'left' : 'right', row };
  });
}

const PX_SIZE = /\d+(?:\.\d+)?px/;

/** A CSS font shorthand with its pixel size set to `px` ("13px Segoe UI" → "22px Segoe UI"). */
export function fontWithSize(font: string, px: number): string {
  const size = `${Math.round(px)}px`;
  return PX_SIZE.test(font) ? font.replace(PX_SIZE, size) : `${size} ${font}`;
}
