/**
 * The comparison table: one column per run (headed by its colour, name and an Open button),
 * one row per config field, result and git fact. Cells that differ from the first run's, and
 * the best result of a row, are marked for sight (colour) and for screen readers (text).
 */
import type { CompareCell, CompareRow, CompareRun, CompareSection } from '../../extension/protocol/compareMessages';
import { el } from '../dom';
import { runColorClass } from './runColors';

export interface TableActions {
  openRun(runId: string): void;
  showDiff(runId: string): void;
}

export class CompareTableView {
  readonly element: HTMLElement;

  constructor(private readonly actions: TableActions) {
    this.element = el('div', { class: 'compare-table-host' });
  }

  update(runs: readonly CompareRun[], sections: readonly CompareSection[], onlyDiffering: boolean): void {
    const table = el(
      'table',
      { class: 'compare-table' },
      el('caption', { class: 'visually-hidden' }, 'Configuration, results and source of the compared runs'),
      this.head(runs),
      ...sections.map((section) => this.section(section, runs, onlyDiffering)),
    );
    this.element.replaceChildren(table);
  }

  private head(runs: readonly CompareRun[]): HTMLElement {
    const columns = runs.map((run, index) => {
      const open = el(
        'button',
        { class: 'link-button', type: 'button', title: `Open ${run.label} in the loss panel` },
        run.label,
      );
      open.addEventListener('click', () => this.actions.openRun(run.runId));
      return el(
        'th',
        { scope: 'col', class: `run-column ${runColorClass(index)}` },
        el('span', { class: 'swatch', 'aria-hidden': 'true' }),
        open,
      );
    });
    return el('thead', {}, el('tr', {}, el('td', { class: 'corner' }), ...columns));
  }

  private section(section: CompareSection, runs: readonly CompareRun[], onlyDiffering: boolean): HTMLElement {
    const rows = section.rows.filter((row) => !onlyDiffering || row.differs);
    const title = el(
      'tr',
      { class: 'section-title' },
      el('th', { scope: 'rowgroup', colspan: String(runs.length + 1) }, section.title),
    );
    return el('tbody', {}, title, ...rows.map((row) => this.row(row, runs)));
  }

  private row(row: CompareRow, runs: readonly CompareRun[]): HTMLElement {
    const cells = row.cells.map((cell, index) => this.cell(cell, runs[index]));
    const label = el('th', { scope: 'row' }, row.label);
    return el('tr', { class: row.differs ? 'row-differs' : '' }, label, ...cells);
  }

  private cell(cell: CompareCell, run: CompareRun | undefined): HTMLElement {
    const attributes: Record<string, string> = { class: `mark-${cell.mark}` };
    if (cell.title !== undefined) attributes.title = cell.title;
    const content: (Node | string)[] = [cell.text];
    if (cell.mark !== 'none')
      content.push(el('span', { class: 'visually-hidden' }, cell.mark === 'best' ? ' (best)' : ' (differs)'));
    if (cell.action === 'showDiff' && run !== undefined) {
      const button = el(
        'button',
        { class: 'link-button', type: 'button', 'aria-label': `Show the model file diff of ${run.label}` },
        'Show diff',
      );
      button.addEventListener('click', () => this.actions.showDiff(run.runId));
      content.push(' ', button);
    }
    return el('td', attributes, ...content);
  }
}
