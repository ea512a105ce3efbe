/** Draws a histogram-over-time heatmap on a canvas (one pixel per step × bin, scaled up pixelated). */
import { el, setText } from '../../dom';
import type { Heatmap } from '../data/heatmap';

const RGB = /rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/;

function formatValue(value: number): string {
  return Math.abs(value) >= 1e-3 || value === 0 ? String(Number(value.toPrecision(3))) : value.toExponential(1);
}

export class HeatmapView {
  private readonly canvas = el('canvas', { class: 'heatmap-canvas', role: 'img' });
  private readonly top = el('span', { class: 'axis-top' });
  private readonly bottom = el('span', { class: 'axis-bottom' });
  private readonly steps = el('span', { class: 'axis-steps' });
  readonly element: HTMLElement;

  constructor(private readonly title: string) {
    this.element = el(
      'figure',
      { class: 'heatmap' },
      el('figcaption', {}, title),
      el('div', { class: 'heatmap-body' }, el('div', { class: 'heatmap-axis' }, this.top, this.bottom), this.canvas),
      this.steps,
    );
  }

  update(heatmap: Heatmap | undefined, color: string): void {
    this.element.hidden = heatmap === undefined;
    if (heatmap === undefined) return;
    setText(this.top, formatValue(heatmap.max));
    setText(this.bottom, formatValue(heatmap.min));
    const first = heatmap.steps[0] ?? 0;
    const last = heatmap.steps[heatmap.steps.length - 1] ?? 0;
    setText(this.steps, `steps ${first}–${last} (${heatmap.steps.length} samples) →`);
    this.canvas.setAttribute(
      'aria-label',
      `${this.title}: values ${formatValue(heatmap.min)} to ${formatValue(heatmap.max)} over steps ${first} to ${last}`,
    );
    this.draw(heatmap, color);
  }

  private draw(heatmap: Heatmap, color: string): void {
    const [, r = '128', g = '128', b = '128'] = RGB.exec(color) ?? [];
    const width = heatmap.columns.length;
    this.canvas.width = width;
    this.canvas.height = heatmap.bins;
    const context = this.canvas.getContext('2d');
    if (context === null) return;
    const image = context.createImageData(width, heatmap.bins);
    heatmap.columns.forEach((column, x) =>
      column.forEach((value, bin) => {
        const offset = ((heatmap.bins - 1 - bin) * width + x) * 4;
        image.data.set([Number(r), Number(g), Number(b), Math.round(value * 255)], offset);
      }),
    );
    context.putImageData(image, 0, 0);
  }
}
