/** Feature maps and filters as small grey images (0–255), each normalised on its own. */
import type { ProbeImage } from '../../protocol/inspection';

export const MAX_IMAGES_PER_LAYER = 16;

function normalise(values: number[]): number[] {
  let min = Infinity;
  let max = -Infinity;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const range = max - min;
  return values.map((value) => (range > 0 ? Math.round(((value - min) / range) * 255) : 0));
}

/**
 * Feature maps of one example: `values` is an [height, width, channels] activation, channels
 * last; the first few channels become images.
 */
export function featureMapImages(
  layer: string,
  values: ArrayLike<number>,
  height: number,
  width: number,
  channels: number,
): ProbeImage {
  const count = Math.min(channels, MAX_IMAGES_PER_LAYER);
  const pixels: number[] = [];
  for (let channel = 0; channel < count; channel++) {
    const map: number[] = [];
    for (let p = 0; p < height * width; p++) map.push(values[p * channels + channel] as number);
    pixels.push(...normalise(map));
  }
  return { layer, kind: 'featureMaps', width, height, count, pixels };
}

/** First-layer convolution filters: a [kh, kw, in, out] kernel, averaged over input channels. */
export function filterImages(
  layer: string,
  kernel: ArrayLike<number>,
  kh: number,
  kw: number,
  inChannels: number,
  outChannels: number,
): ProbeImage {
  const count = Math.min(outChannels, MAX_IMAGES_PER_LAYER * 2);
  const pixels: number[] = [];
  for (let filter = 0; filter < count; filter++) {
    const image: number[] = [];
    for (let p = 0; p < kh * kw; p++) {
      let sum = 0;
      for (let c = 0; c < inChannels; c++) sum += kernel[(p * inChannels + c) * outChannels + filter] as number;
      image.push(sum / inChannels);
    }
    pixels.push(...normalise(image));
  }
  return { layer, kind: 'filters', width: kw, height: kh, count, pixels };
}
