/** The first inputs of the train split: small images with their labels, or rows of values. */
import { el } from '../../dom';
import type { SampleGrid } from '../../../extension/protocol/dataReport';

/** Each image is drawn about this many CSS pixels wide (a whole multiple of its size). */
const TARGET_SIZE = 56;

function rgba(grid: SampleGrid, index: number): ImageData {
  const size = grid.width * grid.height;
  const data = new Uint8ClampedArray(size * 4);
  const start = index * size * grid.channels;
  for (let pixel = 0; pixel < size; pixel++) {
    for (let c = 0; c < 3; c++)
      data[pixel * 4 + c] = grid.pixels[start + pixel * grid.channels + (grid.channels === 3 ? c : 0)] ?? 0;
    data[pixel * 4 + 3] = 255;
  }
  return new ImageData(data, grid.width, grid.height);
}

function imageFigure(grid: SampleGrid, index: number, label: string): HTMLElement {
  const canvas = el('canvas', {
    class: 'sample-image',
    role: 'img',
    'aria-label': `sample ${index + 1}, label ${label}`,
  });
  canvas.width = grid.width;
  canvas.height = grid.height;
  const scale = Math.max(1, Math.round(TARGET_SIZE / Math.max(grid.width, grid.height)));
  canvas.style.width = `${grid.width * scale}px`;
  canvas.style.height = `${grid.height * scale}px`;
  canvas.getContext('2d')?.putImageData(rgba(grid, index), 0, 0);
  return el('figure', { class: 'sample' }, canvas, el('figcaption', {}, label));
}

function valueText(value: number | null): string {
  if (value === null) return 'NaN';
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(3)));
}

function rowsTable(grid: SampleGrid): HTMLElement {
  const width = Math.max(0, ...grid.rows.map((row) => row.length));
  const head = el(
    'tr',
    {},
    el('th', { scope: 'col' }, 'label'),
    ...Array.from({ length: width }, (_, i) => el('th', { scope: 'col' }, String(i))),
    ...(grid.truncated ? [el('th', { scope: 'col' }, '…')] : []),
  );
  const rows = grid.rows.map((row, i) =>
    el(
      'tr',
      {},
      el('th', { scope: 'row' }, grid.labels[i] ?? ''),
      ...row.map((value) => el('td', {}, valueText(value))),
      ...(grid.truncated ? [el('td', {}, '…')] : []),
    ),
  );
  return el('table', { class: 'sample-rows' }, el('thead', {}, head), el('tbody', {}, ...rows));
}

export function samplesView(grid: SampleGrid): HTMLElement {
  if (grid.kind === 'rows') return rowsTable(grid);
  return el(
    'div',
    { class: 'sample-grid', role: 'list' },
    ...grid.labels.map((label, index) => imageFigure(grid, index, label)),
  );
}
