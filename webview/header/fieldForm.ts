/**
 * A one-field form: label, text input and a button. Enter or the button submits; a value
 * that does not parse marks the field invalid and says why, next to it (announced politely).
 */
import { el, setText } from '../dom';

export interface FieldFormOptions<T> {
  readonly id: string;
  readonly label: string;
  /** Hide the label visually (it still names the field for screen readers). */
  readonly labelHidden?: boolean;
  readonly buttonText: string;
  readonly buttonLabel: string;
  readonly inputMode: 'numeric' | 'decimal';
  readonly parse: (text: string) => T | null;
  readonly hint: string;
  readonly onSubmit: (value: T) => void;
}

export class FieldForm<T> {
  readonly element: HTMLFormElement;
  readonly input: HTMLInputElement;
  private readonly message: HTMLElement;

  constructor(private readonly options: FieldFormOptions<T>) {
    const { id, label, buttonText, buttonLabel, inputMode } = options;
    this.input = el('input', { id, type: 'text', inputmode: inputMode, autocomplete: 'off', spellcheck: 'false' });
    this.message = el('span', { id: `${id}-message`, class: 'field-message', 'aria-live': 'polite' });
    this.input.setAttribute('aria-describedby', this.message.id);
    const button = el('vscode-button', { appearance: 'secondary', 'aria-label': buttonLabel }, buttonText);
    const labelElement = el(
      'label',
      { for: id, ...(options.labelHidden === true && { class: 'visually-hidden' }) },
      label,
    );
    this.element = el('form', { class: 'field-form', novalidate: '' }, labelElement, this.input, button, this.message);
    this.element.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    button.addEventListener('click', () => this.element.requestSubmit());
    this.input.addEventListener('input', () => this.showError(false));
    this.showError(false);
  }

  /** Sets the field's text unless the user is editing it. */
  prefill(text: string): void {
    if (document.activeElement !== this.input) this.input.value = text;
  }

  private submit(): void {
    const value = this.options.parse(this.input.value);
    this.showError(value === null);
    if (value !== null) this.options.onSubmit(value);
  }

  private showError(invalid: boolean): void {
    this.input.setAttribute('aria-invalid', String(invalid));
    setText(this.message, invalid ? this.options.hint : '');
    this.message.hidden = !invalid;
  }
}
