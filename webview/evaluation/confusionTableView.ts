/**
 * The confusion matrix as an accessible table: one row per true class, one column per
 * predicted class, then per-class precision and recall. Each count cell is shaded (through
 * CSSOM, which the CSP allows) in proportion to its share of the row.
 */
import type { ClassificationReport } from '../../extension/protocol/evaluation';
import { el } from '../dom';
import { cellShade, confusionRows, type ConfusionCell, type ConfusionRow } from './confusionMatrix';
import { formatPercent } from './evaluationFormat';

export function confusionTable(report: ClassificationReport): HTMLTableElement {
  const caption = el('caption', {}, 'Confusion matrix: rows are true classes, columns predicted classes');
  const rows = confusionRows(report).map(bodyRow);
  return el(
    'table',
    { class: 'confusion-matrix' },
    caption,
    el('thead', {}, headerRow(report.classes)),
    el('tbody', {}, ...rows),
  );
}

function headerRow(classes: number): HTMLTableRowElement {
  const corner = el('th', { scope: 'col', class: 'corner' }, 'true ╲ predicted');
  const predicted = Array.from({ length: classes }, (_, i) =>
    el('th', { scope: 'col' }, el('span', { class: 'visually-hidden' }, 'predicted '), String(i)),
  );
  const rates = ['Precision', 'Recall'].map((name) =>
    el('th', { scope: 'col', class: `rate ${name.toLowerCase()}` }, name),
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
