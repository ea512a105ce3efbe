/**
 * The first few inputs of a split as something to look at: small images for image-shaped inputs
 * ([h, w], [h, w, 1] or [h, w, 3]), else rows of their first values (token ids of a sequence, a
 * feature vector's numbers). Pure.
 */
import type { SampleGrid } from '../../protocol/dataReport';

export const SAMPLE_IMAGES = 24;
export const SAMPLE_ROWS = 12;
export const ROW_VALUES = 24;
/** Larger images are shown every n-th pixel, at most this many per side. */
export const MAX_IMAGE_SIDE = 64;
const MIN_IMAGE_SIDE = 4;

export interface ImageLayout {
  readonly height: number;
  readonly width: number;
  /** Channels stored per pixel in the input, and how many are shown (1 grey or 3 RGB). */
  readonly stored: number;
  readonly shown: 1 | 3;
}

/** How to draw one example of `shape` as an image, or undefined when it is not image-shaped. */
export function imageLayout(shape: readonly (number | null)[]): ImageLayout | undefined {
  const [height, width, channels] = shape;
  if (height == null || width == null || height < MIN_IMAGE_SIDE || width < MIN_IMAGE_SIDE) return undefined;
  if (shape.length === 2) return { height, width, stored: 1, shown: 1 };
  if (shape.length !== 3 || channels == null) return undefined;
  if (channels === 1) return { height, width, stored: 1, shown: 1 };
  if (channels === 3 || channels === 4) return { height, width, stored: channels, shown: 3 };
  return undefined;
}

function finiteRange(values: ArrayLike<number>): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (!Number.isFinite(value)) continue;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return min <= max ? [min, max] : [0, 1];
}

function imageGrid(values: Float32Array, layout: ImageLayout, labels: string[], split: string): SampleGrid {
  const stride = Math.ceil(Math.max(layout.height, layout.width) / MAX_IMAGE_SIDE);
  const height = Math.ceil(layout.height / stride);
  const width = Math.ceil(layout.width / stride);
  const perExample = layout.height * layout.width * layout.stored;
  const count = Math.min(labels.length, Math.floor(values.length / perExample));
  const [min, max] = finiteRange(values.subarray(0, count * perExample));
  const scale = max > min ? 255 / (max - min) : 0;
  const pixels: number[] = [];
  for (let example = 0; example < count; example++) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const at = example * perExample + (y * stride * layout.width + x * stride) * layout.stored;
        for (let c = 0; c < layout.shown; c++) {
          const value = values[at + c] as number;
          pixels.push(Number.isFinite(value) ? Math.round((value - min) * scale) : 0);
        }
      }
    }
  }
  return {
    kind: 'image',
    split,
    labels: labels.slice(0, count),
    width,
    height,
    channels: layout.shown,
    pixels,
    rows: [],
    truncated: stride > 1,
  };
}

function rowGrid(values: Float32Array, exampleLength: number, labels: string[], split: string): SampleGrid {
  const count = Math.min(labels.length, SAMPLE_ROWS, exampleLength > 0 ? Math.floor(values.length / exampleLength) : 0);
  const shown = Math.min(exampleLength, ROW_VALUES);
  const rows = Array.from({ length: count }, (_, example) =>
    Array.from(values.subarray(example * exampleLength, example * exampleLength + shown), (value) =>
      Number.isFinite(value) ? value : null,
    ),
  );
  return {
    kind: 'rows',
    split,
    labels: labels.slice(0, count),
    width: 0,
    height: 0,
    channels: 0,
    pixels: [],
    rows,
    truncated: exampleLength > shown,
  };
}

/** The grid of a split's first examples (`values` holds at least those, one after another). */
export function sampleGrid(
  values: Float32Array,
  exampleShape: readonly (number | null)[],
  labels: string[],
  split: string,
): SampleGrid {
  const layout = imageLayout(exampleShape);
  if (layout !== undefined) return imageGrid(values, layout, labels.slice(0, SAMPLE_IMAGES), split);
  const exampleLength = exampleShape.reduce<number>((size, dim) => size * (dim ?? 1), 1);
  return rowGrid(values, exampleLength, labels, split);
}

/**
 * Which examples to show: with classes known, one of each class in turn (data sorted by class
 * would otherwise show one class only); else the first ones.
 */
export function pickSamples(classes: readonly number[] | undefined, count: number, want: number): number[] {
  if (classes === undefined) return Array.from({ length: Math.min(count, want) }, (_, i) => i);
  const byClass = new Map<number, number[]>();
  classes.slice(0, count).forEach((label, index) => {
    const list = byClass.get(label) ?? [];
    list.push(index);
    byClass.set(label, list);
  });
  const queues = [...byClass.entries()].sort(([a], [b]) => a - b).map(([, indices]) => indices);
  const picked: number[] = [];
  for (let round = 0; picked.length < want && queues.some((queue) => round < queue.length); round++) {
    for (const queue of queues) {
      const index = queue[round];
      if (index !== undefined && picked.length < want) picked.push(index);
    }
  }
  return picked;
}
