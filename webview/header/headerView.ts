/**
 * The run header: model name, status badge, progress figures, backend, the run's actions
 * (run control and Stop while running; Resume, Evaluate and Train again once ended) and, for
 * a failed run, the error with a link to its source location.
 */
import type { RunHeader } from '../../extension/protocol/panelMessages';
import { executionLabel, type TrainerError } from '../../extension/protocol/model';
import { el, setText } from '../dom';
import { RunControlView, type RunControlActions } from './runControlView';
import {
  backendWarning,
  formatBackend,
  formatEpoch,
  formatEta,
  formatLocation,
  formatRate,
  statusBadge,
} from './format';
import type { PanelParts } from './panelParts';

export interface HeaderActions extends RunControlActions {
  stop(): void;
  trainAgain(): void;
  openModelFile(): void;
  /** Continue a stopped or failed run from its last checkpoint. */
  resume(): void;
  evaluate(): void;
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
  private readonly rate = el('span');
  private readonly eta = el('span');
  private readonly backend = el('span', { class: 'backend', tabindex: '0' });
  private readonly stats = el('div', { class: 'run-stats' }, this.epoch, this.rate, this.eta, this.backend);
  private readonly warning = el('p', { class: 'backend-warning', role: 'note' });
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
    const title = el('div', { class: 'run-title' }, this.modelName, this.status, runActions);
    this.element = el('header', { class: 'run-header' }, title, this.stats, this.warning, this.error.element);
  }

  /** Shows the header; `parts` says which figures and actions mean something for this run. */
  update(header: RunHeader, parts: PanelParts): void {
    setText(this.modelName, header.modelName);
    const badge = statusBadge(header);
    setText(this.status, badge.label);
    this.status.className = `status-badge status-${badge.state}`;
    this.updateActions(header, parts);
    this.updateStats(header, parts);
    this.updateBackend(header);
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

  /** Epoch, throughput, ETA and backend; the line itself goes when none of them means anything. */
  private updateStats(header: RunHeader, parts: PanelParts): void {
    showText(this.epoch, parts.epoch && formatEpoch(header));
    showText(this.rate, parts.rate && formatRate(header.samplesPerSec));
    showText(this.eta, parts.eta && formatEta(header.etaSeconds));
    this.backend.hidden = !parts.backend;
    this.stats.hidden = !(parts.epoch || parts.rate || parts.eta || parts.backend);
  }

  private updateBackend(header: RunHeader): void {
    const execution = header.execution && executionLabel(header.execution);
    const text = execution ? `${formatBackend(header.backend)} · ${execution}` : formatBackend(header.backend);
    setText(this.backend, text);
    const reasons = [
      header.backend?.reason,
      header.execution && `Training step: ${execution} — ${header.execution.reason}`,
    ];
    const reason = reasons.filter(Boolean).join('\n');
    this.backend.title = reason;
    this.backend.setAttribute('aria-label', reason ? `Backend ${text}: ${reason}` : `Backend ${text}`);
    const warning = backendWarning(header.backend);
    setText(this.warning, warning ?? '');
    this.warning.hidden = warning === null;
  }
}

/** Shows `text` in `element`, or hides the element when there is none. */
function showText(element: HTMLElement, text: string | false): void {
  element.hidden = text === false;
  setText(element, text === false ? '' : text);
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
