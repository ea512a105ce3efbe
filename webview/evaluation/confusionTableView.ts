/**
 * The confusion matrix as an accessible table: one row per true class, one column per
 * predicted class, then per-class precision and recall. Each count cell is shaded (through
 * CSSOM, which the CSP allows) in proportion to its share of the row. The table sizes its
 * cells to the panel's width (CSS reads `--classes`, set here), and turns its column labels
 * upright text sideways when there are many; when even that does not fit, its box scrolls,
 * with a visible scrollbar. Many classes lead with a list of the top confusions.
 */
import type { ClassificationReport } from '../../extension/protocol/evaluation';
import { el } from '../dom';
import { cellShade, confusionRows, topConfusions, type ConfusionCell, type ConfusionRow } from './confusionMatrix';
import { formatPercent } from './evaluationFormat';

/** Column labels turn sideways above this many classes (two-digit labels and the rate names). */
const ROTATE_ABOVE = 8;

export function confusionTable(report: ClassificationReport): HTMLTableElement {
  const caption = el('caption', {}, 'Confusion matrix: rows are true classes, columns predicted classes');
  const rows = confusionRows(report).map(bodyRow);
  const table = el(
    'table',
    { class: `confusion-matrix${report.classes > ROTATE_ABOVE ? ' rotated' : ''}` },
    caption,
    el('thead', {}, headerRow(report.classes)),
    el('tbody', {}, ...rows),
  );
  table.style.setProperty('--classes', String(report.classes));
  return table;
}

/** "true 3 → predicted 5: 12 (8.1% of class 3)", one item per confusion, most frequent first. */
export function topConfusionsList(report: ClassificationReport, limit: number): HTMLElement {
  const items = topConfusions(report, limit).map((confusion) =>
    el(
      'li',
      {},
      `true ${confusion.label} → predicted ${confusion.predicted}: `,
      el('strong', {}, String(confusion.count)),
      ` (${formatPercent(confusion.share)} of class ${confusion.label})`,
    ),
  );
  return el('ol', { class: 'top-confusions' }, ...items);
}

function headerRow(classes: number): HTMLTableRowElement {
  const corner = el('th', { scope: 'col', class: 'corner' }, 'true ╲ pred.');
  const predicted = Array.from({ length: classes }, (_, i) =>
    el('th', { scope: 'col' }, el('span', { class: 'visually-hidden' }, 'predicted '), el('span', {}, String(i))),
  );
  const rates = ['Precision', 'Recall'].map((name) =>
    el('th', { scope: 'col', class: `rate ${name.toLowerCase()}` }, el('span', {}, name)),
  );
  return el('tr', {}, corner, ...predicted, ...rates);
}

function bodyRow(row: ConfusionRow): HTMLTableRowElement {
  const label = el('th', { scope: 'row' }, el('span', { class: 'visually-hidden' }, 'true '), String(row.label));
  const cells = row.cells.map((cell) => countCell(row, cell));
  const precision = el('td', { class: 'rate precision' }, formatPercent(row.precision));
  const rates = [precision, el('td', { class: 'rate recall' }, formatPercent(row.recall))];
  return el('tr', {}, label, ...cells, ...rates);
}

function countCell(row: ConfusionRow, cell: ConfusionCell): HTMLTableCellElement {
  const kind = cell.correct ? 'correct' : 'wrong';
  const td = el('td', { class: `count ${kind}${cell.count === 0 ? ' zero' : ''}` }, String(cell.count));
  td.title = `true ${row.label}, predicted ${cell.predicted}: ${cell.count} (${formatPercent(cell.share)} of class ${row.label})`;
  td.style.setProperty('--shade', String(cellShade(cell.share)));
  return td;
}
