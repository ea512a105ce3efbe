/**
 * The trial table: one row per trial (selection checkbox, number, state, each parameter, the
 * metric, duration), sortable by any column with its header button (keyboard too). The best
 * trial and early-stopped trials are marked in text as well as colour.
 */
import type { SweepRecord, TrialRecord } from '../../extension/protocol/sweep';
import { el } from '../dom';
import { formatValue, sortTrials, sweepMetricTitle, trialSeconds, type SortKey, type SortOrder } from './hparamsData';

export interface TableActions {
  toggle(index: number): void;
  sort(order: SortOrder): void;
  open(index: number): void;
}

const STATE_LABELS: Record<TrialRecord['state'], string> = {
  pending: 'pending',
  running: 'running',
  completed: 'completed',
  pruned: 'stopped early',
  stopped: 'stopped',
  failed: 'failed',
};

function sameKey(a: SortKey, b: SortKey): boolean {
  return a.column === b.column && (a.column !== 'param' || (b.column === 'param' && a.name === b.name));
}

function formatSeconds(seconds: number | null): string {
  if (seconds === null) return '—';
  return seconds < 60 ? `${seconds.toFixed(1)} s` : `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

export class TrialTableView {
  readonly element = el('div', { class: 'trial-table-host' });

  constructor(private readonly actions: TableActions) {}

  update(record: SweepRecord, order: SortOrder, selected: ReadonlySet<number>, now: number): void {
    const names = Object.keys(record.spec.parameters);
    const header = (label: string, key: SortKey) => {
      const active = sameKey(order.key, key);
      const button = el(
        'button',
        { type: 'button', class: 'sort-button' },
        label + (active ? (order.descending ? ' ▼' : ' ▲') : ''),
      );
      button.addEventListener('click', () =>
        this.actions.sort({ key, descending: active ? !order.descending : false }),
      );
      return el(
        'th',
        { scope: 'col', 'aria-sort': active ? (order.descending ? 'descending' : 'ascending') : 'none' },
        button,
      );
    };
    const head = el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', { scope: 'col' }, el('span', { class: 'visually-hidden' }, 'Show curve')),
        header('Trial', { column: 'trial' }),
        header('State', { column: 'state' }),
        ...names.map((name) => header(name, { column: 'param', name })),
        header(sweepMetricTitle(record), { column: 'metric' }),
        header('Duration', { column: 'duration' }),
      ),
    );
    const rows = sortTrials(record.trials, order, now).map((trial) => this.row(record, trial, names, selected, now));
    this.element.replaceChildren(
      el(
        'table',
        { class: 'trial-table' },
        el('caption', { class: 'visually-hidden' }, 'Trials of the sweep'),
        head,
        el('tbody', {}, ...rows),
      ),
    );
  }

  private row(
    record: SweepRecord,
    trial: TrialRecord,
    names: string[],
    selected: ReadonlySet<number>,
    now: number,
  ): HTMLElement {
    const best = record.best?.index === trial.index;
    const box = el('input', { type: 'checkbox', 'aria-label': `Show trial ${trial.index + 1}'s curve` });
    box.checked = selected.has(trial.index);
    box.addEventListener('change', () => this.actions.toggle(trial.index));
    const open = el(
      'button',
      { type: 'button', class: 'link-button', title: 'Open in the loss panel' },
      String(trial.index + 1),
    );
    open.disabled = trial.runDir === null;
    open.addEventListener('click', () => this.actions.open(trial.index));
    return el(
      'tr',
      { class: [`state-${trial.state}`, best ? 'best' : ''].filter(Boolean).join(' ') },
      el('td', {}, box),
      el('td', {}, open, best ? el('span', { class: 'best-badge' }, ' best') : ''),
      el(
        'td',
        { class: 'state' },
        el('span', { class: `status-badge trial-${trial.state}`, title: trial.error ?? '' }, STATE_LABELS[trial.state]),
      ),
      ...names.map((name) => el('td', { class: 'number' }, formatValue(trial.params[name]))),
      el('td', { class: 'number metric' }, formatValue(trial.metric) + (trial.epochs > 0 ? ` @${trial.epochs}` : '')),
      el('td', { class: 'number' }, formatSeconds(trialSeconds(trial, now))),
    );
  }
}
