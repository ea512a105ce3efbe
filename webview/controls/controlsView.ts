/**
 * The view controls: smoothing slider, linear/log loss scale, and the x axis (step, epoch,
 * time since the start, time of day). One row; where the panel is too narrow for it, the row
 * collapses into a "Chart options" button that opens the same controls in a popover (CSS
 * container query: the controls are one element, never duplicated). Reports every change as
 * a whole new settings object.
 */
import { el } from '../dom';
import { popover, popoverButton } from '../header/popover';
import { MAX_UI_SMOOTHING, type UiSettings, type XAxis, type YScale } from '../state/uiSettings';

type Choice<T extends string> = readonly { value: T; label: string }[];

const Y_SCALES: Choice<YScale> = [
  { value: 'linear', label: 'Linear' },
  { value: 'log', label: 'Log' },
];
const X_AXES: Choice<XAxis> = [
  { value: 'step', label: 'Step' },
  { value: 'epoch', label: 'Epoch' },
  { value: 'relative', label: 'Elapsed time' },
  { value: 'wall', label: 'Time of day' },
];

export class ControlsView {
  readonly element: HTMLElement;
  private settings: UiSettings;

  constructor(initial: UiSettings, onChange: (settings: UiSettings) => void) {
    this.settings = initial;
    const change = (patch: Partial<UiSettings>): void => {
      this.settings = { ...this.settings, ...patch };
      onChange(this.settings);
    };
    const options = el(
      'div',
      { class: 'chart-options', role: 'group', 'aria-label': 'Chart options' },
      smoothingSlider(initial.smoothing, (smoothing) => change({ smoothing })),
      choice('y-scale', 'Loss scale', Y_SCALES, initial.yScale, (yScale) => change({ yScale })),
      choice('x-axis', 'X axis', X_AXES, initial.xAxis, (xAxis) => change({ xAxis })),
    );
    const { button, panel } = popover('chart-options', popoverButton('Chart options', 'Chart options ▾'), options);
    button.classList.add('chart-options-button');
    this.element = el('div', { class: 'controls' }, button, panel);
  }
}

function smoothingSlider(initial: number, onInput: (value: number) => void): HTMLElement {
  const input = el('input', { id: 'smoothing', type: 'range', min: '0', max: String(MAX_UI_SMOOTHING), step: '0.01' });
  input.value = String(initial);
  const output = el('output', { for: 'smoothing', 'aria-hidden': 'true' }, initial.toFixed(2));
  input.addEventListener('input', () => {
    const value = Number(input.value);
    output.textContent = value.toFixed(2);
    input.setAttribute('aria-valuetext', value === 0 ? 'off' : value.toFixed(2));
    onInput(value);
  });
  return el('div', { class: 'control smoothing' }, el('label', { for: 'smoothing' }, 'Smoothing'), input, output);
}

function choice<T extends string>(
  id: string,
  label: string,
  choices: Choice<T>,
  initial: T,
  onSelect: (value: T) => void,
): HTMLElement {
  const options = choices.map((item) => {
    const option = el('option', { value: item.value }, item.label);
    option.selected = item.value === initial;
    return option;
  });
  const select = el('select', { id }, ...options);
  select.addEventListener('change', () => {
    const picked = choices.find((item) => item.value === select.value);
    if (picked !== undefined) onSelect(picked.value);
  });
  return el('div', { class: 'control' }, el('label', { for: id }, label), select);
}
