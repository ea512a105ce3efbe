/** Per-feature or per-channel statistics of one split's inputs, as a table. */
import { el } from '../../dom';
import type { StatsTable } from '../dataViewModel';

const COLUMNS = ['', 'mean', 'std', 'min', 'max'];

export function statsView(table: StatsTable): HTMLElement {
  const head = el('tr', {}, ...COLUMNS.map((name) => el('th', { scope: 'col' }, name)));
  const rows = table.rows.map(([name, ...cells]) =>
    el('tr', {}, el('th', { scope: 'row' }, name), ...cells.map((cell) => el('td', {}, cell))),
  );
  return el(
    'table',
    { class: 'stats', 'data-split': table.split },
    el('caption', {}, table.caption),
    el('thead', {}, head),
    el('tbody', {}, ...rows),
  );
}
