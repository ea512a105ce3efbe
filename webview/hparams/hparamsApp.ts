/**
 * The HParams view of one sweep: a summary and actions (Apply best, Compare selected, Stop),
 * the sortable trial table, parallel coordinates, the metric against each parameter, and the
 * selected trials' curves overlaid. Live: the host posts the sweep whenever it changes; the
 * view redraws at most once per animation frame.
 */
import {
  parseHostToHparamsMessage,
  type HostToHparams,
  type HparamsToHost,
} from '../../extension/protocol/hparamsMessages';
import type { WithoutVersion } from '../../extension/protocol/version';
import { ChartView } from '../chart/chartView';
import { readChartTheme, watchTheme, type ChartTheme } from '../chart/theme';
import { compareTheme } from '../compare/runColors';
import { el, setText } from '../dom';
import { createFrameScheduler } from '../frameScheduler';
import { connectWebview, type HostConnection } from '../hostConnection';
import { trialCurvesData } from './curvesData';
import { defaultSort, formatValue, sweepHeading, sweepMetricTitle, type SortOrder } from './hparamsData';
import { ParallelCoordinatesView } from './parallelCoordinatesView';
import { ScatterView } from './scatterView';
import { TrialTableView } from './trialTableView';

type Shown = Extract<HostToHparams, { type: 'sweep' }>;

/** At most this many curves at once: one colour each. */
const MAX_SELECTED = 6;

export class HparamsApp {
  private readonly host: HostConnection<HparamsToHost>;
  private readonly heading = el('h1', { class: 'sweep-title' });
  private readonly summary = el('p', { class: 'sweep-summary', role: 'status' });
  private readonly applyBest = el('button', { type: 'button', class: 'action' }, 'Apply Best to config');
  private readonly compare = el('button', { type: 'button', class: 'action secondary' }, 'Compare Selected');
  private readonly stop = el('button', { type: 'button', class: 'action secondary' }, 'Stop Sweep');
  private readonly openRecord = el('button', { type: 'button', class: 'action secondary' }, 'Open sweep.json');
  private readonly table: TrialTableView;
  private readonly parallel: ParallelCoordinatesView;
  private readonly scatter: ScatterView;
  private readonly curves = new ChartView('Selected trials');
  private readonly frame = createFrameScheduler(() => this.render());
  private shown: Shown | undefined;
  private order: SortOrder | undefined;
  private selected: number[] = [];
  /** Until the user picks trials, the chart follows the best trial as it changes. */
  private userSelected = false;
  private theme: ChartTheme;

  constructor(root: HTMLElement) {
    this.host = connectWebview<HostToHparams, HparamsToHost>(
      parseHostToHparamsMessage,
      (message) => this.receive(message),
      'HParams view',
    );
    const toggle = (index: number) => this.toggle(index);
    this.table = new TrialTableView({
      toggle,
      sort: (order) => {
        this.order = order;
        this.frame.schedule();
      },
      open: (index) => this.post({ type: 'openTrial', index }),
    });
    this.parallel = new ParallelCoordinatesView(toggle);
    this.scatter = new ScatterView(toggle);
    this.theme = compareTheme(readChartTheme());
    this.applyBest.addEventListener('click', () => this.post({ type: 'applyBest' }));
    this.compare.addEventListener('click', () => this.post({ type: 'compareTrials', indices: this.selected }));
    this.stop.addEventListener('click', () => this.post({ type: 'stop' }));
    this.openRecord.addEventListener('click', () => this.post({ type: 'openRecord' }));
    const toolbar = el(
      'div',
      { class: 'toolbar', role: 'toolbar', 'aria-label': 'Sweep actions' },
      this.applyBest,
      this.compare,
      this.stop,
      this.openRecord,
    );
    const figures = el('div', { class: 'hparams-figures' }, this.parallel.element, this.curves.element);
    root.replaceChildren(
      el(
        'main',
        { class: 'hparams' },
        this.heading,
        this.summary,
        toolbar,
        this.table.element,
        figures,
        this.scatter.element,
      ),
    );
    watchTheme(() => {
      this.theme = compareTheme(readChartTheme());
      this.frame.schedule();
    });
    this.post({ type: 'ready' });
  }

  private post(message: WithoutVersion<HparamsToHost>): void {
    this.host.post(message);
  }

  private receive(message: HostToHparams): void {
    const first = this.shown === undefined || this.shown.record.sweepId !== message.record.sweepId;
    this.shown = message;
    if (first) {
      this.order = defaultSort(message.record);
      this.userSelected = false;
    }
    // Show the best trial's curve, so the chart is never empty once one trial reported.
    if (!this.userSelected) this.selected = message.record.best ? [message.record.best.index] : [];
    this.frame.schedule();
  }

  private toggle(index: number): void {
    this.userSelected = true;
    this.selected = this.selected.includes(index)
      ? this.selected.filter((i) => i !== index)
      : [...this.selected, index].slice(-MAX_SELECTED);
    this.frame.schedule();
  }

  private render(): void {
    const shown = this.shown;
    if (!shown) {
      setText(this.summary, 'Waiting for the sweep…');
      return;
    }
    const { record } = shown;
    const counts = new Map<string, number>();
    for (const trial of record.trials) counts.set(trial.state, (counts.get(trial.state) ?? 0) + 1);
    const best = record.best
      ? ` Best: trial ${record.best.index + 1}, ${sweepMetricTitle(record)} ${formatValue(record.best.metric)}.`
      : '';
    this.heading.replaceChildren(
      sweepHeading(shown.modelName, record.createdAt),
      el('span', { class: 'sweep-id' }, record.sweepId),
    );
    this.heading.title = `Sweep ${record.sweepId} (${record.modelFile})`;
    setText(
      this.summary,
      `Status: ${record.status}, ${record.trials.length} trials (${[...counts].map(([s, n]) => `${n} ${s === 'pruned' ? 'stopped early' : s}`).join(', ')}), ${record.spec.method} search, ${record.spec.goal} ${sweepMetricTitle(record)}, ${record.executor.kind} executor.${best}`,
    );
    this.applyBest.disabled = record.best === null;
    this.compare.disabled = this.selected.length < 1;
    this.stop.hidden = !shown.running;
    const selected = new Set(this.selected);
    this.table.update(record, this.order ?? defaultSort(record), selected, Date.now());
    this.parallel.update(record, selected);
    this.scatter.update(record, selected);
    const data = trialCurvesData(shown.curves, this.selected, record.spec.metric, false);
    this.curves.element.hidden = data.specs.length === 0;
    if (data.specs.length > 0)
      this.curves.update(data, { xLabel: 'Epoch', yLabel: sweepMetricTitle(record), yLog: false, theme: this.theme });
  }
}
