/**
 * The Compare panel: the chosen runs' training and validation loss overlaid (one colour per
 * run), and the table of their configs, results and git state. Redraws at most once per
 * animation frame; the charts only when their data, view choices or theme changed.
 */
import type { Checkbox } from '@vscode/webview-ui-toolkit';
import {
  parseHostToCompareMessage,
  type CompareToHost,
  type HostToCompare,
} from '../../extension/protocol/compareMessages';
import { ChartView } from '../chart/chartView';
import { readChartTheme, watchTheme, type ChartTheme } from '../chart/theme';
import { el } from '../dom';
import { createFrameScheduler } from '../frameScheduler';
import { connectWebview, type HostConnection } from '../hostConnection';
import { trainLossData, valLossData } from './compareChartData';
import { parseCompareView, type CompareView } from './compareSettings';
import { CompareTableView } from './compareTableView';
import { compareTheme, runColorClass } from './runColors';

type Compared = Extract<HostToCompare, { type: 'compare' }>;

const EMPTY_TEXT = 'No runs chosen — select runs in the Tensorscope Runs view and choose Compare Runs.';

export class CompareApp {
  private readonly host: HostConnection<CompareToHost>;
  private readonly trainChart = new ChartView('Training loss');
  private readonly valChart = new ChartView('Validation loss');
  private readonly table: CompareTableView;
  private readonly legend = el('ul', { class: 'run-legend', 'aria-label': 'Compared runs' });
  private readonly empty = el('p', { class: 'empty-state' }, EMPTY_TEXT);
  private readonly content: HTMLElement;
  private readonly frame = createFrameScheduler(() => this.render());
  private compared: Compared | undefined;
  private view: CompareView;
  private theme: ChartTheme;
  private drawn: { compared: Compared; view: CompareView; theme: ChartTheme } | undefined;

  constructor(root: HTMLElement) {
    this.host = connectWebview<HostToCompare, CompareToHost>(
      parseHostToCompareMessage,
      (message) => {
        this.compared = message;
        this.frame.schedule();
      },
      'compare',
    );
    this.view = parseCompareView(this.host.savedState);
    this.theme = compareTheme(readChartTheme());
    this.table = new CompareTableView({
      openRun: (runId) => this.host.post({ type: 'openRun', runId }),
      showDiff: (runId) => this.host.post({ type: 'showDiff', runId }),
    });
    const controls = el(
      'div',
      { class: 'controls', role: 'toolbar', 'aria-label': 'Comparison options' },
      this.checkbox('Per-batch loss (smoothed)', 'batches'),
      this.checkbox('Log scale', 'yLog'),
      this.checkbox('Only rows that differ', 'onlyDiffering'),
    );
    const charts = el('div', { class: 'compare-charts' }, this.trainChart.element, this.valChart.element);
    const heading = el('h2', { class: 'table-heading' }, 'Side by side');
    this.content = el('main', { class: 'compare' }, this.legend, controls, charts, heading, this.table.element);
    root.replaceChildren(this.empty, this.content);
    watchTheme(() => {
      this.theme = compareTheme(readChartTheme());
      this.frame.schedule();
    });
    this.render();
    this.host.post({ type: 'ready' });
  }

  private checkbox(label: string, key: keyof CompareView): HTMLElement {
    const box = el('vscode-checkbox', {}, label);
    if (this.view[key]) box.setAttribute('checked', '');
    box.addEventListener('change', () => {
      this.view = { ...this.view, [key]: (box as Checkbox).checked };
      this.host.saveState({ view: this.view });
      this.frame.schedule();
    });
    return box;
  }

  private render(): void {
    const compared = this.compared;
    const hasRuns = compared !== undefined && compared.runs.length > 0;
    this.empty.hidden = hasRuns;
    this.content.hidden = !hasRuns;
    if (!hasRuns) return;
    this.table.update(compared.runs, compared.sections, this.view.onlyDiffering);
    const drawn = this.drawn;
    if (drawn?.compared === compared && drawn.view === this.view && drawn.theme === this.theme) return;
    this.drawn = { compared, view: this.view, theme: this.theme };
    this.renderLegend(compared);
    this.drawCharts(compared);
  }

  private renderLegend(compared: Compared): void {
    const items = compared.runs.map((run, index) =>
      el(
        'li',
        { class: runColorClass(index) },
        el('span', { class: 'swatch', 'aria-hidden': 'true' }),
        el('span', { class: 'run-name' }, run.label),
        el('span', { class: `status-badge status-${run.status}` }, run.status),
      ),
    );
    this.legend.replaceChildren(...items);
  }

  private drawCharts(compared: Compared): void {
    const layout = { xLabel: 'Epoch', yLabel: 'Loss', yLog: this.view.yLog, theme: this.theme };
    this.trainChart.update(trainLossData(compared.runs, this.view), layout);
    const val = valLossData(compared.runs, this.view);
    this.valChart.element.hidden = val.specs.length === 0;
    if (val.specs.length > 0) this.valChart.update(val, layout);
  }
}
