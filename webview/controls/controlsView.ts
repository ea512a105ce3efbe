/**
 * The view controls: smoothing slider, linear/log y scale, step/epoch x axis. Reports every
 * change as a whole new settings object.
 */
import type { RadioGroup } from '@vscode/webview-ui-toolkit';
import { el } from '../dom';
import { MAX_UI_SMOOTHING, type UiSettings, type XAxis, type YScale } from '../state/uiSettings';

type Choice<T extends string> = readonly { value: T; label: string }[];

const Y_SCALES: Choice<YScale> = [
  { value: 'linear', label: 'Linear' },
  { value: 'log', label: 'Log' },
];
const X_AXES: Choice<XAxis> = [
  { value: 'step', label: 'Step' },
  { value: 'epoch', label: 'Epoch' },
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
    this.element = el(
      'div',
      { class: 'controls', role: 'toolbar', 'aria-label': 'Chart options' },
      smoothingSlider(initial.smoothing, (smoothing) => change({ smoothing })),
      radioGroup('Loss scale', Y_SCALES, initial.yScale, (yScale) => change({ yScale })),
      radioGroup('X axis', X_AXES, initial.xAxis, (xAxis) => change({ xAxis })),
    );
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

function radioGroup<T extends string>(
  label: string,
  choices: Choice<T>,
  initial: T,
  onSelect: (value: T) => void,
): HTMLElement {
  const radios = choices.map((choice) => {
    const radio = el('vscode-radio', { value: choice.value }, choice.label);
    if (choice.value === initial) radio.setAttribute('checked', '');
    return radio;
  });
  const group = el(
    'vscode-radio-group',
    { class: 'control', 'aria-label': label },
    el('label', { slot: 'label' }, label),
    ...radios,
  );
  // Each radio's own change event bubbles here too, before the group has updated its value.
  group.addEventListener('change', (event) => {
    if (event.target !== group) return;
    const value = (group as RadioGroup).value;
    const choice = choices.find((candidate) => candidate.value === value);
    if (choice !== undefined) onSelect(choice.value);
  });
  return group;
}
