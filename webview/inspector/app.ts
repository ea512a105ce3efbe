/**
 * The inspector: applies host messages to its model and redraws, at most once per animation
 * frame, the sections whose data changed. Layer selection comes from the graph or the host
 * (the hover card's link) and is kept in the webview state across reloads.
 */
import type { HostToInspector, InspectorToHost } from '../../extension/protocol/inspectorMessages';
import { parseHostToInspectorMessage } from '../../extension/protocol/inspectorMessages';
import { ChartView } from '../chart/chartView';
import { readChartTheme, watchTheme, type ChartTheme } from '../chart/theme';
import { el, setText } from '../dom';
import { createFrameScheduler } from '../frameScheduler';
import { connectWebview, type HostConnection } from '../hostConnection';
import { gradientFlowData } from './data/gradientFlow';
import { histogramHeatmap } from './data/heatmap';
import { applyInspectorMessage, EMPTY_MODEL, type InspectorModel } from './data/inspectorModel';
import { imageGroups } from './data/probeGroups';
import { latestStatsText } from './layerStatsText';
import { GraphView } from './views/graphView';
import { HeatmapView } from './views/heatmapView';
import { imageGroupView } from './views/imageGridView';
import { LearningRateView } from './views/learningRateView';
import { preflightView } from './views/preflightView';
import { section } from './views/section';

const EMPTY_TEXT = 'Nothing to inspect yet — open a model file and run Tensorscope: Inspect Model or Train.';

interface Sections {
  readonly graph: HTMLElement;
  readonly gradients: HTMLElement;
  readonly layer: HTMLElement;
  readonly probe: HTMLElement;
  readonly preflight: HTMLElement;
  readonly learningRate: HTMLElement;
}

interface SavedState {
  modelFile?: string;
  selected?: string | null;
}

export class InspectorApp {
  private readonly host: HostConnection<InspectorToHost>;
  private readonly frame = createFrameScheduler(() => this.render());
  private model: InspectorModel;
  private drawn: InspectorModel = EMPTY_MODEL;
  private theme: ChartTheme;
  private drawnTheme: ChartTheme | undefined;
  private readonly title = el('h1', { class: 'model-name' });
  private readonly meta = el('p', { class: 'meta' });
  private readonly empty = el('p', { class: 'empty-state' }, EMPTY_TEXT);
  private readonly graph = new GraphView({ select: (layer) => this.select(layer) });
  private readonly gradients = new ChartView('Gradient norm per layer (log scale)');
  private readonly layerTitle = el('h2', { id: 'layer-title' });
  private readonly layerStats = el('p', { class: 'layer-stats' });
  private readonly weights = new HeatmapView('Weights (kernel) histogram over time');
  private readonly activations = new HeatmapView('Activation histogram over time');
  private readonly probeHost = el('div', { class: 'probe' });
  private readonly probeExample = el('p', { class: 'meta' });
  private readonly preflightHost = el('div', { class: 'preflight' });
  private readonly learningRate = new LearningRateView((learningRate) => this.applyLearningRate(learningRate));
  private readonly sections: Sections;

  constructor(root: HTMLElement) {
    this.host = connectWebview<HostToInspector, InspectorToHost>(
      parseHostToInspectorMessage,
      (message) => this.receive(message),
      'inspector',
    );
    const saved = (this.host.savedState ?? {}) as SavedState;
    this.model = { data: null, selected: saved.selected ?? null };
    this.theme = readChartTheme();
    this.sections = {
      graph: section('graph', 'Model', this.graph.element),
      gradients: section('gradients', 'Gradient flow', this.gradients.element),
      layer: el(
        'section',
        { class: 'section', id: 'layer', 'aria-labelledby': 'layer-title' },
        this.layerTitle,
        this.layerStats,
        el('div', { class: 'heatmaps' }, this.weights.element, this.activations.element),
      ),
      probe: section('probe', 'Feature maps of the probe example', this.probeExample, this.probeHost),
      preflight: section('preflight', 'Pre-flight check', this.preflightHost),
      learningRate: section('learning-rate', 'Learning-rate range test', this.learningRate.element),
    };
    const header = el('header', { class: 'inspector-header' }, this.title, this.meta);
    root.replaceChildren(el('main', { class: 'inspector' }, header, this.empty, ...Object.values(this.sections)));
    watchTheme(() => {
      this.theme = readChartTheme();
      this.frame.schedule();
    });
    this.render();
    this.host.post({ type: 'ready' });
  }

  private receive(message: HostToInspector): void {
    this.model = applyInspectorMessage(this.model, message);
    this.save();
    this.frame.schedule();
  }

  private select(layer: string): void {
    this.model = { ...this.model, selected: layer };
    this.save();
    this.frame.schedule();
    const modelFile = this.model.data?.modelFile;
    if (modelFile !== undefined) this.host.post({ type: 'revealLayer', modelFile, layer });
  }

  private applyLearningRate(learningRate: number): void {
    const modelFile = this.model.data?.modelFile;
    if (modelFile !== undefined) this.host.post({ type: 'applyLearningRate', modelFile, learningRate });
  }

  private save(): void {
    const state: SavedState = { modelFile: this.model.data?.modelFile, selected: this.model.selected };
    this.host.saveState(state);
  }

  private render(): void {
    const { data, selected } = this.model;
    const previous = this.drawn;
    const themeChanged = this.drawnTheme !== this.theme;
    this.drawn = this.model;
    this.drawnTheme = this.theme;
    this.showSections();
    if (data === null) return;
    setText(this.title, data.modelFile.split(/[\\/]/).slice(-2).join('/'));
    const last = data.layerStats[data.layerStats.length - 1];
    setText(
      this.meta,
      last === undefined ? 'No training samples yet' : `Sampled up to step ${last.step} (epoch ${last.epoch})`,
    );
    const summaryChanged = previous.data?.summary !== data.summary;
    const statsChanged = previous.data?.layerStats !== data.layerStats || themeChanged;
    const selectionChanged = previous.selected !== selected;
    if (data.summary !== null && (summaryChanged || selectionChanged)) this.graph.update(data.summary, selected);
    this.renderGradients(statsChanged);
    if (statsChanged || selectionChanged) this.renderLayer();
    if (previous.data?.probe !== data.probe || selectionChanged) this.renderProbe();
    if (previous.data?.preflight !== data.preflight) this.renderPreflight();
    if (previous.data?.learningRateRange !== data.learningRateRange || themeChanged) this.renderLearningRate();
  }

  /** Each section shows only when it has data. */
  private showSections(): void {
    const { data, selected } = this.model;
    this.empty.hidden = data !== null;
    this.sections.graph.hidden = !data?.summary;
    this.sections.gradients.hidden = !data || data.layerStats.length === 0;
    this.sections.layer.hidden = !data || selected === null;
    this.sections.probe.hidden = !data?.probe;
    this.sections.preflight.hidden = !data?.preflight;
    this.sections.learningRate.hidden = !data?.learningRateRange;
  }

  private renderGradients(changed: boolean): void {
    const records = this.model.data?.layerStats ?? [];
    if (!changed || records.length === 0) return;
    const palette = { train: [...this.theme.palette.train, ...this.theme.palette.val], val: this.theme.palette.val };
    this.gradients.update(gradientFlowData(records), {
      xLabel: 'Step',
      yLabel: '‖gradient‖',
      yLog: true,
      theme: { ...this.theme, palette },
    });
  }

  private renderLayer(): void {
    const { data, selected } = this.model;
    if (data === null || selected === null) return;
    const layer = data.summary?.layers.find((candidate) => candidate.name === selected);
    setText(this.layerTitle, `Layer ${selected}${layer ? ` · ${layer.className}` : ''}`);
    setText(this.layerStats, latestStatsText(data.layerStats, selected));
    const color = this.theme.palette.train[0] ?? 'rgb(128, 128, 128)';
    this.weights.update(histogramHeatmap(data.layerStats, selected, 'weights'), color);
    this.activations.update(histogramHeatmap(data.layerStats, selected, 'activation'), color);
  }

  private renderProbe(): void {
    const probe = this.model.data?.probe ?? null;
    if (probe === null) return;
    setText(this.probeExample, `${probe.example}, at step ${probe.step}. Filters are the first convolution’s kernels.`);
    this.probeHost.replaceChildren(
      ...imageGroups(probe).map((group) => imageGroupView(group, group.layer === this.model.selected)),
    );
  }

  private renderPreflight(): void {
    const report = this.model.data?.preflight ?? null;
    if (report !== null) this.preflightHost.replaceChildren(...preflightView(report));
  }

  private renderLearningRate(): void {
    const result = this.model.data?.learningRateRange ?? null;
    if (result !== null) this.learningRate.update(result, this.theme);
  }
}
