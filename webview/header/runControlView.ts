/**
 * Run control while training: Pause / Continue as a button, and an "Adjust" menu with the
 * epochs to add and a new learning rate (each field labelled), so the header stays one row.
 * Shown only while the run is running.
 */
import type { RunHeader } from '../../extension/protocol/panelMessages';
import { el, setText } from '../dom';
import { FieldForm } from './fieldForm';
import { popover, popoverButton } from './popover';
import { formatLearningRate } from '../../extension/protocol/controlLabels';
import { DEFAULT_MORE_EPOCHS, EPOCHS_HINT, LEARNING_RATE_HINT, parseEpochCount, parseLearningRate } from './runInputs';

export interface RunControlActions {
  pause(): void;
  continue(): void;
  addEpochs(epochs: number): void;
  setLearningRate(learningRate: number): void;
}

export class RunControlView {
  readonly element: HTMLElement;
  private readonly pauseButton = el('vscode-button', { appearance: 'secondary', class: 'pause-button' });
  private readonly epochs: FieldForm<number>;
  private readonly learningRate: FieldForm<number>;
  private paused = false;
  /** The learning rate last put in the field, so a header update does not overwrite what the user typed. */
  private shownRate: number | null = null;

  constructor(actions: RunControlActions) {
    this.pauseButton.addEventListener('click', () => (this.paused ? actions.continue() : actions.pause()));
    this.epochs = new FieldForm({
      id: 'more-epochs',
      label: 'Epochs to add',
      buttonText: 'Add',
      buttonLabel: 'Add epochs',
      inputMode: 'numeric',
      parse: parseEpochCount,
      hint: EPOCHS_HINT,
      onSubmit: (epochs) => actions.addEpochs(epochs),
    });
    this.epochs.input.value = String(DEFAULT_MORE_EPOCHS);
    this.epochs.input.classList.add('epochs-input');
    this.learningRate = new FieldForm({
      id: 'learning-rate',
      label: 'Learning rate',
      buttonText: 'Apply',
      buttonLabel: 'Apply the learning rate',
      inputMode: 'decimal',
      parse: parseLearningRate,
      hint: LEARNING_RATE_HINT,
      onSubmit: (learningRate) => actions.setLearningRate(learningRate),
    });
    const menu = el(
      'div',
      { class: 'adjust-menu', role: 'group', 'aria-label': 'Adjust the run' },
      this.epochs.element,
      this.learningRate.element,
    );
    const { button, panel } = popover(
      'adjust-run',
      popoverButton('Adjust the run: epochs, learning rate', 'Adjust ▾'),
      menu,
    );
    button.classList.add('adjust-button');
    this.element = el(
      'div',
      { class: 'run-control', role: 'group', 'aria-label': 'Run control' },
      this.pauseButton,
      button,
      panel,
    );
  }

  update(header: RunHeader): void {
    this.element.hidden = header.status !== 'running';
    this.showPaused(header.paused);
    this.prefillRate(header.config?.learningRate ?? null);
  }

  private showPaused(paused: boolean): void {
    if (this.pauseButton.textContent !== '' && paused === this.paused) return;
    this.paused = paused;
    setText(this.pauseButton, paused ? 'Continue' : 'Pause');
    this.pauseButton.setAttribute('appearance', paused ? 'primary' : 'secondary');
    this.pauseButton.setAttribute('aria-label', paused ? 'Continue training' : 'Pause training');
  }

  private prefillRate(rate: number | null): void {
    if (rate === null || rate === this.shownRate) return;
    this.shownRate = rate;
    this.learningRate.prefill(formatLearningRate(rate));
  }
}
