/**
 * The model graph: layers as boxes in order, input to output, each with class, output shape
 * and parameters. Clicking (or Enter/Space) selects the layer and reveals its source line;
 * arrow keys move between boxes.
 */
import { el } from '../../dom';
import type { LayerBox } from '../data/modelGraph';

export interface GraphActions {
  select(layer: string): void;
}

export class GraphView {
  readonly element = el('ol', { class: 'graph', 'aria-label': 'Model layers, input to output' });
  private drawn: readonly LayerBox[] = [];

  constructor(private readonly actions: GraphActions) {
    this.element.addEventListener('keydown', (event) => this.onKey(event));
  }

  update(boxes: readonly LayerBox[], selected: string | null): void {
    if (boxes !== this.drawn) {
      this.drawn = boxes;
      this.element.replaceChildren(...boxes.map((box) => el('li', {}, this.button(box))));
    }
    for (const button of this.buttons()) {
      const isSelected = button.dataset.layer === selected;
      button.setAttribute('aria-pressed', String(isSelected));
      button.tabIndex = isSelected || (selected === null && button === this.buttons()[0]) ? 0 : -1;
    }
  }

  private button(box: LayerBox): HTMLButtonElement {
    const where = box.line === null ? '' : ` (line ${box.line})`;
    const button = el(
      'button',
      {
        class: `layer-box ${box.role}`,
        type: 'button',
        'data-layer': box.name,
        title: `${box.name}${where}: click to show its line`,
      },
      el('span', { class: 'layer-class' }, box.className),
      el('span', { class: 'layer-name' }, box.name),
      el('span', { class: 'layer-shape' }, box.shape),
      el('span', { class: 'layer-params' }, box.params),
    );
    button.addEventListener('click', () => this.actions.select(box.name));
    return button;
  }

  private buttons(): HTMLButtonElement[] {
    return [...this.element.querySelectorAll<HTMLButtonElement>('button.layer-box')];
  }

  private onKey(event: KeyboardEvent): void {
    const step =
      event.key === 'ArrowDown' || event.key === 'ArrowRight'
        ? 1
        : event.key === 'ArrowUp' || event.key === 'ArrowLeft'
          ? -1
          : 0;
    if (step === 0) return;
    const buttons = this.buttons();
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = buttons[Math.min(buttons.length - 1, Math.max(0, index + step))];
    if (next === undefined) return;
    event.preventDefault();
    buttons.forEach((button) => (button.tabIndex = -1));
    next.tabIndex = 0;
    next.focus();
  }
}
