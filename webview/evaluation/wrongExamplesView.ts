/** The most confidently wrong examples: each input drawn as a small scaled-up grey image, with its caption. */
import type { WrongExample } from '../../extension/protocol/evaluation';
import { el } from '../dom';
import { greyToRgba } from '../inspector/data/probeGroups';
import { wrongCaption } from './evaluationFormat';

/** Each image is drawn about this many CSS pixels across (a whole multiple of its size). */
const TARGET_SIZE = 84;

export function wrongExamplesList(examples: readonly WrongExample[]): HTMLElement {
  return el('ul', { class: 'wrong-examples' }, ...examples.map(wrongExampleItem));
}

function wrongExampleItem(example: WrongExample): HTMLLIElement {
  const caption = wrongCaption(example);
  const picture = example.image === undefined ? [] : [exampleCanvas(example.image, `Example ${example.index}`)];
  const figure = el('figure', { class: 'wrong-example' }, ...picture, el('figcaption', {}, caption));
  figure.title = `Test example #${example.index}`;
  return el('li', {}, figure);
}

function exampleCanvas(image: NonNullable<WrongExample['image']>, label: string): HTMLCanvasElement {
  const { width, height } = image;
  const canvas = el('canvas', { role: 'img', 'aria-label': label });
  canvas.width = width;
  canvas.height = height;
  const scale = Math.max(1, Math.round(TARGET_SIZE / Math.max(width, height)));
  canvas.style.width = `${width * scale}px`;
  canvas.style.height = `${height * scale}px`;
  const grey = Uint8ClampedArray.from(image.pixels.slice(0, width * height));
  if (grey.length === width * height) {
    canvas.getContext('2d')?.putImageData(new ImageData(greyToRgba(grey), width, height), 0, 0);
  }
  return canvas;
}
