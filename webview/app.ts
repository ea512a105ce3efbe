/**
 * The loss panel: applies host messages to the run state and redraws, at most once per
 * animation frame, whatever changed (header, charts with their control markers, evaluation).
 */
import type { HostToPanel, PanelToHost } from '../extension/protocol/panelMessages';
import type { WithoutVersion } from '../extension/protocol/version';
import type { ChartLayout } from './chart/chartOptions';
import { ChartView } from './chart/chartView';
import { formatClock, formatElapsed } from './chart/axisValues';
import { controlMarkers, markerSummary, markerX, withMarker, type ChartMarker } from './chart/controlMarkers';
import { metricsAxisTitle, xAxisTitle } from './chart/seriesLabels';
import { LiveChartData } from './chart/liveChartData';
import { metricNames, stepsInView, stepsPerEpoch } from './chart/seriesData';
import { readChartTheme, watchTheme, type ChartTheme } from './chart/theme';
import { ControlsView } from './controls/controlsView';
import { el, setText } from './dom';
import { createFrameScheduler } from './frameScheduler';
import { EvaluationView } from './evaluation/evaluationView';
import { HeaderView, type HeaderActions, type HeaderFigures } from './header/headerView';
import { hasTrained, panelParts } from './header/panelParts';
import { connectToHost, type HostConnection } from './hostConnection';
import { applyHostMessage, EMPTY_RUN, withDetail, type RunState } from './state/runState';
import { parseUiSettings, persistedState, type UiSettings } from './state/uiSettings';
import type { EpochRecord } from '../extension/protocol/records';
import { bestEpoch, latestEpochLoss, overfittingNote } from '../extension/protocol/runFigures';

const EMPTY_TEXT = 'No run yet — run Tensorscope: Train on a model file';
/** The elapsed time in the header moves on this often while a run is running. */
const CLOCK_TICK_MS = 1_000;

/** What the charts were last drawn from; a render skips the charts when none of it changed. */
interface Drawn {
  run: RunState;
  settings: UiSettings;
  theme: ChartTheme;
}

export class PanelApp {
  private readonly host: HostConnection;
  private readonly header: HeaderView;
  private readonly lossChart = new ChartView('Loss', { withMarkers: true, onZoom: (range) => this.zoomTo(range) });
  private readonly metricsChart = new ChartView('Metrics', {
    withMarkers: true,
    onZoom: (range) => this.zoomTo(range),
  });
  /** The x range the user zoomed a chart to; its batches come from the host at finer detail. */
  private zoom: { min: number; max: number } | null = null;
  /** Chart data extended in place while the shown run only grows (appends), rebuilt otherwise. */
  private readonly lossData = new LiveChartData('loss');
  private readonly metricsData = new LiveChartData('metrics');
  private readonly markerText = el('p', { class: 'visually-hidden' });
  private readonly evaluation = new EvaluationView();
  private readonly empty = el('p', { class: 'empty-state' }, EMPTY_TEXT);
  private readonly controls: ControlsView;
  private readonly charts: HTMLElement;
  private readonly content: HTMLElement;
  private readonly frame = createFrameScheduler(() => this.render());
  private run: RunState = EMPTY_RUN;
  private settings: UiSettings;
  private theme: ChartTheme;
  private drawn: Drawn | undefined;
  /** The epoch figures, computed again only when the epochs change. */
  private figures: { epochs: readonly EpochRecord[]; figures: Omit<HeaderFigures, 'now'> } | undefined;

  constructor(root: HTMLElement) {
    this.host = connectToHost((message) => this.receive(message));
    this.settings = parseUiSettings(this.host.savedState);
    this.theme = readChartTheme();
    this.header = new HeaderView(this.headerActions());
    this.controls = new ControlsView(this.settings, (settings) => this.changeSettings(settings));
    const chartViews = [this.lossChart.element, this.metricsChart.element, this.markerText];
    this.charts = el('div', { class: 'charts' }, ...chartViews);
    const parts = [this.header.element, this.controls.element, this.charts, this.evaluation.element];
    this.content = el('main', { class: 'run' }, ...parts);
    root.replaceChildren(this.empty, this.content);
    watchTheme(() => {
      this.theme = readChartTheme();
      this.frame.schedule();
    });
    this.render();
    this.host.post({ type: 'ready' });
    setInterval(() => {
      if (this.run.header?.status === 'running') this.frame.schedule();
    }, CLOCK_TICK_MS);
  }

  private receive(message: HostToPanel): void {
    const next = applyHostMessage(this.run, message);
    if (next === 'resync') {
      this.host.post({ type: 'ready' });
      return;
    }
    this.run = next;
    this.frame.schedule();
  }

  private changeSettings(settings: UiSettings): void {
    this.settings = settings;
    this.zoom = null; // the charts are drawn anew, zoomed out
    this.host.saveState(persistedState(settings));
    this.frame.schedule();
  }

  private headerActions(): HeaderActions {
    const command = (type: 'stop' | 'openModelFile' | 'pause' | 'continue' | 'resume' | 'evaluate') => () =>
      this.postForRun((runId) => ({ type, runId }));
    return {
      stop: command('stop'),
      openModelFile: command('openModelFile'),
      pause: command('pause'),
      continue: command('continue'),
      resume: command('resume'),
      evaluate: command('evaluate'),
      addEpochs: (epochs) => this.postForRun((runId) => ({ type: 'addEpochs', runId, epochs })),
      setLearningRate: (learningRate) => this.postForRun((runId) => ({ type: 'setLearningRate', runId, learningRate })),
      trainAgain: () => this.host.post({ type: 'train', modelFile: this.run.header?.modelFile }),
    };
  }

  /** Sends a message about the shown run; nothing when no run is shown. */
  private postForRun(message: (runId: string) => WithoutVersion<PanelToHost>): void {
    const runId = this.run.header?.runId;
    if (runId !== undefined) this.host.post(message(runId));
  }

  private render(): void {
    const { header } = this.run;
    this.empty.hidden = header !== null;
    this.content.hidden = header === null;
    if (header === null) return;
    const recorded = { batches: this.run.batches.length, epochs: this.run.epochs.length };
    const parts = panelParts(header, hasTrained(header, recorded));
    this.header.update(header, parts, { ...this.epochFigures(), now: Date.now() });
    const arrived = this.evaluation.update(header.evaluation);
    this.content.classList.toggle('has-evaluation', header.evaluation !== null);
    // A new evaluation lands below the charts: bring it into view (once, when it arrives).
    if (arrived) this.evaluation.element.scrollIntoView({ block: 'start', behavior: 'smooth' });
    // A run that ended before training has nothing to draw: no empty charts, no chart settings.
    this.controls.element.hidden = !parts.charts;
    this.charts.hidden = !parts.charts;
    if (!parts.charts || !this.chartsChanged()) return;
    if (this.drawn !== undefined && this.drawn.theme !== this.theme) {
      // A new theme re-creates the charts: they start from fresh arrays too.
      this.lossData.reset();
      this.metricsData.reset();
    }
    this.drawn = { run: this.run, settings: this.settings, theme: this.theme };
    this.drawCharts();
  }

  private epochFigures(): Omit<HeaderFigures, 'now'> {
    const { epochs } = this.run;
    if (this.figures?.epochs !== epochs) {
      const best = bestEpoch(epochs);
      const figures = { latest: latestEpochLoss(epochs.at(-1)), best, overfitting: overfittingNote(epochs, best) };
      this.figures = { epochs, figures };
    }
    return this.figures.figures;
  }

  private chartsChanged(): boolean {
    const drawn = this.drawn;
    return (
      drawn === undefined ||
      drawn.settings !== this.settings ||
      drawn.theme !== this.theme ||
      drawn.run.batches !== this.run.batches ||
      drawn.run.epochs !== this.run.epochs ||
      drawn.run.controls !== this.run.controls ||
      drawn.run.detail !== this.run.detail
    );
  }

  /** Asks the host for the zoomed range at about two points per pixel; zooming out drops the detail. */
  private zoomTo(range: { min: number; max: number } | null): void {
    this.zoom = range;
    this.frame.schedule();
    if (range === null) return;
    const steps = stepsInView(this.run, this.settings, range);
    if (steps === null) return;
    const maxPoints = Math.max(2, Math.min(100_000, Math.round(this.lossChart.plotWidth * 2)));
    this.postForRun((runId) => ({ type: 'requestRange', runId, ...steps, maxPoints }));
  }

  /** The run as the charts draw it: while zoomed, with the host's detail of the zoomed range. */
  private chartRun(): RunState {
    const { detail } = this.run;
    if (this.zoom === null || detail === null) return this.run;
    return { ...this.run, batches: withDetail(this.run.batches, detail) };
  }

  private drawCharts(): void {
    const { xAxis } = this.settings;
    const xLabel = xAxisTitle(xAxis);
    const xTime = xAxis === 'relative' ? 'elapsed' : xAxis === 'wall' ? 'clock' : undefined;
    const layout: ChartLayout = {
      xLabel,
      yLabel: 'Loss',
      yLog: this.settings.yScale === 'log',
      ...(xTime && { xTime }),
      theme: this.theme,
    };
    const startedAt = this.run.header?.startedAt ?? 0;
    const markers = controlMarkers(this.run.controls, xAxis, stepsPerEpoch(this.run), startedAt);
    const formatX = xTime === 'elapsed' ? formatElapsed : xTime === 'clock' ? formatClock : undefined;
    setText(this.markerText, markerSummary(markers, xLabel, formatX));
    const lossMarkers = this.withBestEpoch(markers, startedAt);
    const run = this.chartRun();
    this.lossChart.update(this.lossData.data(run, this.settings), layout, lossMarkers);
    const names = metricNames(this.run);
    this.metricsChart.element.hidden = names.length === 0;
    if (names.length > 0) {
      const metricsLayout = { ...layout, yLabel: metricsAxisTitle(names), yLog: false };
      this.metricsChart.update(this.metricsData.data(run, this.settings), metricsLayout, markers);
    }
  }

  /** The loss chart marks the best epoch (from the second epoch on: one epoch is trivially the best). */
  private withBestEpoch(markers: readonly ChartMarker[], startedAt: number): readonly ChartMarker[] {
    const best = this.epochFigures().best;
    if (best === null || this.run.epochs.length < 2) return markers;
    const x =
      this.settings.xAxis === 'epoch'
        ? best.epoch
        : markerX({ step: best.step, time: best.time }, this.settings.xAxis, stepsPerEpoch(this.run), startedAt);
    return withMarker(markers, x, `best epoch ${best.epoch}`);
  }
}
