/**
 * The Data view: draws the data report the host sends (the model file's loadData() described in
 * a trainer process, or a run's `data` record). Everything is redrawn per snapshot: a report is
 * small and changes only when asked for again.
 */
import type { DataReport } from '../../extension/protocol/dataReport';
import {
  parseHostToDataViewMessage,
  type DataViewState,
  type DataViewToHost,
  type HostToDataView,
} from '../../extension/protocol/dataViewMessages';
import { el, setText } from '../dom';
import { connectWebview, type HostConnection } from '../hostConnection';
import { findingsList } from '../inspector/views/findingsList';
import { section } from '../inspector/views/section';
import { balanceChart, duplicatesText, footerText, splitRows, statsTable, type SplitRow } from './dataViewModel';
import { balanceView } from './views/balanceView';
import { samplesView } from './views/samplesView';
import { statsView } from './views/statsView';

const EMPTY_TEXT = 'No data described yet — open a model file and run Tensorscope: Show Data.';

function findingsView(report: DataReport): HTMLElement {
  return findingsList(
    report.findings.length > 0 ? report.findings : [{ severity: 'ok', message: 'No problems found in the data.' }],
  );
}

/** One row per split; the "read" column only when some split was sampled rather than read whole. */
function splitsView(report: DataReport): HTMLElement {
  const rows = splitRows(report);
  const sampled = rows.some((row) => row.read !== 'all');
  const columns = ['split', 'examples', ...(sampled ? ['read'] : []), 'input shape', 'label shape'];
  const cells = (row: SplitRow) => [row.examples, ...(sampled ? [row.read] : []), row.inputs, row.labels];
  return el(
    'table',
    { class: 'splits' },
    el('thead', {}, el('tr', {}, ...columns.map((name) => el('th', { scope: 'col' }, name)))),
    el(
      'tbody',
      {},
      ...rows.map((row) =>
        el(
          'tr',
          {},
          el('th', { scope: 'row' }, row.name),
          ...cells(row).map((cell) => el('td', {}, wholeShapes(cell))),
        ),
      ),
    ),
  );
}

/**
 * "[28, 28, 1] float32" with no-break spaces inside the brackets: in a narrow panel a cell wraps
 * before the dtype, never inside the shape (the table used to run past the edge, cut off).
 */
function wholeShapes(text: string): string {
  return text.replace(/\[[^\]]*\]/g, (shape) => shape.replace(/ /g, '\u00a0'));
}

function samplesSection(report: DataReport): HTMLElement[] {
  const samples = report.samples;
  if (samples === null) return [];
  const title = `Samples from ${samples.split}${samples.kind === 'rows' && samples.truncated ? ' (first values)' : ''}`;
  return [section('samples', title, samplesView(samples))];
}

/** What to look at first comes first: problems, sizes, the examples themselves, then the figures. */
function reportSections(report: DataReport): HTMLElement[] {
  const charts = report.splits.flatMap((split) => balanceChart(split) ?? []);
  const balance = el('div', { class: 'row-wrap' }, ...charts.map(balanceView));
  const statistics = el('div', { class: 'row-wrap' }, ...report.splits.map((split) => statsView(statsTable(split))));
  return [
    section('findings', 'Findings', findingsView(report)),
    section('splits', 'Splits', splitsView(report)),
    ...samplesSection(report),
    ...(charts.length > 0 ? [section('balance', 'Label balance', balance)] : []),
    section('statistics', 'Input statistics', statistics),
    section('duplicates', 'Train/test duplicates', el('p', {}, duplicatesText(report))),
    el('p', { class: 'meta footer' }, footerText(report)),
  ];
}

export class DataApp {
  private readonly host: HostConnection<DataViewToHost>;
  private state: DataViewState | null = null;
  private readonly title = el('h1', { class: 'model-name' });
  private readonly meta = el('p', { class: 'meta' });
  private readonly refresh = el('button', { type: 'button', class: 'action' }, 'Describe Again');
  private readonly reveal = el('button', { type: 'button', class: 'action secondary' }, 'Open loadData()');
  private readonly status = el('p', { class: 'status', role: 'status' });
  private readonly body = el('div', { class: 'report' });

  constructor(root: HTMLElement) {
    this.host = connectWebview<HostToDataView, DataViewToHost>(
      parseHostToDataViewMessage,
      (message) => this.receive(message),
      'data view',
    );
    this.refresh.addEventListener('click', () => this.request('refresh'));
    this.reveal.addEventListener('click', () => this.request('revealLoadData'));
    const actions = el('div', { class: 'actions' }, this.refresh, this.reveal);
    const header = el('header', { class: 'data-header' }, el('div', {}, this.title, this.meta), actions);
    root.replaceChildren(el('main', { class: 'data-view' }, header, this.status, this.body));
    this.render();
    this.host.post({ type: 'ready' });
  }

  private receive(message: HostToDataView): void {
    this.state = message.state;
    this.render();
  }

  private request(type: 'refresh' | 'revealLoadData'): void {
    const modelFile = this.state?.modelFile;
    if (modelFile !== undefined) this.host.post({ type, modelFile });
  }

  private render(): void {
    const state = this.state;
    this.refresh.hidden = this.reveal.hidden = state === null;
    if (state === null) {
      setText(this.title, 'Data');
      setText(this.meta, '');
      setText(this.status, EMPTY_TEXT);
      this.body.replaceChildren();
      return;
    }
    setText(this.title, `Data · ${state.modelFile.split(/[\\/]/).slice(-2).join('/')}`);
    setText(this.meta, `From ${state.origin}`);
    setText(this.status, state.status === 'loading' ? 'Reading the data…' : (state.error ?? ''));
    this.status.className = `status ${state.status}`;
    this.body.replaceChildren(...(state.report === null ? [] : reportSections(state.report)));
  }
}
