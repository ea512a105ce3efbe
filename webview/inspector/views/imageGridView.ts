/** Feature maps and filters as small grey canvases, scaled up with pixelated rendering. */
import { el } from '../../dom';
import { greyToRgba, type ImageGroup } from '../data/probeGroups';

/** Each image is drawn about this many CSS pixels wide (a whole multiple of its size). */
const TARGET_SIZE = 52;

function imageCanvas(group: ImageGroup, pixels: Uint8ClampedArray, index: number): HTMLCanvasElement {
  const what = group.kind === 'filters' ? 'filter' : 'channel';
  const canvas = el('canvas', {
    class: 'probe-image',
    role: 'img',
    'aria-label': `${group.layer} ${what} ${index + 1}`,
  });
  canvas.width = group.width;
  canvas.height = group.height;
  canvas.title = `${what} ${index + 1}`;
  const scale = Math.max(1, Math.round(TARGET_SIZE / Math.max(group.width, group.height)));
  // CSSOM sizes are allowed under the CSP (only style attributes in markup are not).
  canvas.style.width = `${group.width * scale}px`;
  canvas.style.height = `${group.height * scale}px`;
  canvas.getContext('2d')?.putImageData(new ImageData(greyToRgba(pixels), group.width, group.height), 0, 0);
  return canvas;
}

export function imageGroupView(group: ImageGroup, selected: boolean): HTMLElement {
  const grid = el('div', { class: 'probe-grid' });
  group.images.forEach((pixels, index) => grid.append(imageCanvas(group, pixels, index)));
  return el(
    'figure',
    { class: `probe-group${selected ? ' selected' : ''}`, 'data-layer': group.layer, 'data-kind': group.kind },
    el('figcaption', {}, group.title),
    grid,
  );
}
