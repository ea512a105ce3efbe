/**
 * The run header, kept compact so the chart stays on screen: model name, status badge, a
 * backend badge whose details open in a popover, the run's actions (Pause, an "Adjust" menu
 * and Stop while running; Resume, Evaluate and Train again once ended), one line of figures
 * (epoch, elapsed time, ETA, throughput, learning rate, newest and best epoch loss), a
 * plain-language note when the run looks like it overfits and, for a failed run, the error
 * with a link to its source location.
 */
import type { RunHeader } from '../../extension/protocol/panelMessages';
import { executionLabel, type TrainerError } from '../../extension/protocol/model';
import { formatEpochLoss, type BestEpoch, type EpochLoss } from '../../extension/protocol/runFigures';
import { el, setText } from '../dom';
import { RunControlView, type RunControlActions } from './runControlView';
import {
  backendBadgeText,
  backendWarning,
  formatBackend,
  formatBestEpoch,
  formatElapsedTime,
  formatEpoch,
  formatEta,
  formatLocation,
  formatRate,
  formatRunLearningRate,
  statusBadge,
} from './format';
import type { PanelParts } from './panelParts';
import { popover, popoverButton } from './popover';

export interface HeaderActions extends RunControlActions {
  stop(): void;
  trainAgain(): void;
  openModelFile(): void;
  /** Continue a stopped or failed run from its last checkpoint. */
  resume(): void;
  evaluate(): void;
}

/** What the header reads from the run's epochs, and the time it is drawn at. */
export interface HeaderFigures {
  readonly latest: EpochLoss | null;
  readonly best: BestEpoch | null;
  readonly overfitting: string | null;
  readonly now: number;
}

export class HeaderView {
  readonly element: HTMLElement;
  private readonly modelName = el('h1', { class: 'model-name' });
  private readonly status = el('span', { class: 'status-badge', role: 'status' });
  private readonly stopButton = el('vscode-button', { appearance: 'secondary', 'aria-label': 'Stop training' }, 'Stop');
  private readonly trainButton = el('vscode-button', { 'aria-label': 'Train this model again' }, 'Train again');
  private readonly resumeButton = el(
    'vscode-button',
    { class: 'resume-button', 'aria-label': 'Resume training from the last checkpoint' },
    'Resume',
  );
  private readonly evaluateButton = el(
    'vscode-button',
    { appearance: 'secondary', class: 'evaluate-button', 'aria-label': 'Evaluate the checkpoint on the test data' },
    'Evaluate',
  );
  private readonly runControl: RunControlView;
  private readonly epoch = el('span');
  private readonly elapsed = el('span', { class: 'elapsed' });
  private readonly eta = el('span', { class: 'eta' });
  private readonly rate = el('span');
  private readonly learningRate = el('span', { class: 'learning-rate' });
  private readonly latest = el('span', { class: 'latest-loss' });
  private readonly best = el('span', { class: 'best-epoch' });
  private readonly stats: HTMLElement;
  private readonly backend = new BackendBadge();
  private readonly overfitting = el('p', { class: 'overfitting-note', role: 'note' });
  private readonly error = new ErrorView();

  constructor(actions: HeaderActions) {
    this.runControl = new RunControlView(actions);
    this.stopButton.classList.add('stop-button');
    this.trainButton.classList.add('train-button');
    this.stopButton.addEventListener('click', () => actions.stop());
    this.trainButton.addEventListener('click', () => actions.trainAgain());
    this.resumeButton.addEventListener('click', () => actions.resume());
    this.evaluateButton.addEventListener('click', () => actions.evaluate());
    this.error.location.addEventListener('click', () => actions.openModelFile());
    const buttons = [
      this.runControl.element,
      this.stopButton,
      this.resumeButton,
      this.evaluateButton,
      this.trainButton,
    ];
    const runActions = el('div', { class: 'run-actions' }, ...buttons);
    const title = el('div', { class: 'run-title' }, this.modelName, this.status, this.backend.element, runActions);
    const figures = [this.epoch, this.elapsed, this.eta, this.rate, this.learningRate, this.latest, this.best];
    this.stats = el('div', { class: 'run-stats' }, ...figures);
    this.element = el('header', { class: 'run-header' }, title, this.stats, this.overfitting, this.error.element);
  }

  /** Shows the header; `parts` says which figures and actions mean something for this run. */
  update(header: RunHeader, parts: PanelParts, figures: HeaderFigures): void {
    setText(this.modelName, header.modelName);
    const badge = statusBadge(header);
    setText(this.status, badge.label);
    this.status.className = `status-badge status-${badge.state}`;
    this.updateActions(header, parts);
    this.updateStats(header, parts, figures);
    this.backend.update(parts.backend ? header.backend : undefined, header.execution);
    showText(this.overfitting, figures.overfitting ?? false);
    this.error.update(header.status === 'failed' ? header.error : null);
  }

  private updateActions(header: RunHeader, parts: PanelParts): void {
    const running = header.status === 'running';
    this.runControl.update(header);
    this.stopButton.hidden = !running;
    this.trainButton.hidden = running;
    this.evaluateButton.hidden = !parts.evaluate;
    this.resumeButton.hidden = !parts.resume;
    // One primary action: Resume where the run can go on, else Train again.
    this.trainButton.setAttribute('appearance', parts.resume ? 'secondary' : 'primary');
  }

  /**
   * Epoch, elapsed time, ETA (only once the host has a meaningful one), throughput, learning
   * rate, newest and best epoch loss; the line itself goes when none of them means anything.
   */
  private updateStats(header: RunHeader, parts: PanelParts, figures: HeaderFigures): void {
    const end = header.endedAt ?? (header.status === 'running' ? figures.now : null);
    const trained = parts.charts;
    showText(this.epoch, parts.epoch && formatEpoch(header));
    showText(this.elapsed, trained && end !== null && formatElapsedTime((end - header.startedAt) / 1000));
    showText(this.eta, parts.eta && header.etaSeconds !== null && formatEta(header.etaSeconds));
    showText(this.rate, parts.rate && formatRate(header.samplesPerSec));
    showText(this.learningRate, (trained && formatRunLearningRate(header.config?.learningRate)) ?? false);
    showText(this.latest, figures.latest !== null && formatEpochLoss(figures.latest));
    showText(
      this.best,
      figures.best !== null && (figures.latest?.epoch ?? 0) > 1 && formatBestEpoch(figures.best, figures.latest?.epoch),
    );
    this.stats.hidden = [...this.stats.children].every((child) => (child as HTMLElement).hidden);
  }
}

/** Shows `text` in `element`, or hides the element when there is none. */
function showText(element: HTMLElement, text: string | false): void {
  element.hidden = text === false;
  setText(element, text === false ? '' : text);
}

/**
 * The backend as a small badge ("tensorflow", or "cpu · slow" with a warning colour); its
 * details (why this backend, how to get the native one) open in a popover instead of taking
 * lines of the header. The host also says it once as a notification.
 */
class BackendBadge {
  readonly element: HTMLElement;
  private readonly button = popoverButton('Backend', '');
  private readonly details = el('div', { class: 'backend-details', role: 'dialog', 'aria-label': 'Backend details' });
  private shown = '';

  constructor() {
    const { button, panel } = popover('backend-details', this.button, this.details);
    button.classList.add('backend-badge');
    this.element = el('span', { class: 'backend-badge-host' }, button, panel);
  }

  /** `undefined` hides the badge (a run that never chose a backend). */
  update(backend: RunHeader['backend'] | undefined, execution?: RunHeader['execution']): void {
    this.element.hidden = backend === undefined;
    if (backend === undefined) return;
    const text = backendBadgeText(backend);
    setText(this.button, text);
    const warning = backendWarning(backend);
    this.button.classList.toggle('warning', warning !== null);
    this.button.setAttribute('aria-label', `Backend ${formatBackend(backend)}: details`);
    const lines = [
      `Backend: ${formatBackend(backend)}.`,
      warning ?? backend?.reason ?? '',
      execution ? `Training step: ${executionLabel(execution)} — ${execution.reason}.` : '',
    ].filter(Boolean);
    const next = lines.join('\n');
    if (this.shown === next) return;
    this.shown = next;
    this.details.replaceChildren(...lines.map((line) => el('p', {}, line)));
  }
}

/** The failure box: kind and message, the source location as a button, and the hint. */
class ErrorView {
  readonly location = el('button', { type: 'button', class: 'link-button' });
  readonly element: HTMLElement;
  private readonly message = el('span', { class: 'error-message' });
  private readonly hint = el('p', { class: 'error-hint' });

  constructor() {
    this.element = el('div', { class: 'run-error', role: 'alert' }, this.message, ' ', this.location, this.hint);
    this.element.hidden = true;
  }

  update(error: TrainerError | null): void {
    this.element.hidden = error === null;
    if (error === null) return;
    setText(this.message, `Training failed (${error.kind} error): ${error.message}`);
    this.location.hidden = error.location === undefined;
    if (error.location !== undefined) {
      const where = formatLocation(error.location);
      setText(this.location, where);
      this.location.setAttribute('aria-label', `Open the model file at ${where}`);
    }
    setText(this.hint, error.hint ?? '');
    this.hint.hidden = error.hint === undefined;
  }
}
