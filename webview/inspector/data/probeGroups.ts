/** The probe record's images grouped for display: one group per layer and kind, each image's pixels apart. Pure. */
import type { ProbeRecord } from '../../../extension/protocol/inspection';

export interface ImageGroup {
  readonly layer: string;
  readonly kind: 'featureMaps' | 'filters';
  readonly title: string;
  readonly width: number;
  readonly height: number;
  /** One grey image (0–255, row-major) per channel or filter. */
  readonly images: readonly Uint8ClampedArray[];
}

export function imageGroups(probe: ProbeRecord): ImageGroup[] {
  return probe.images.map((image) => {
    const size = image.width * image.height;
    const images: Uint8ClampedArray[] = [];
    for (let i = 0; i < image.count; i++)
      images.push(Uint8ClampedArray.from(image.pixels.slice(i * size, (i + 1) * size)));
    const what = image.kind === 'filters' ? 'filters' : 'feature maps';
    return {
      layer: image.layer,
      kind: image.kind,
      title: `${image.layer}: ${image.count} ${what}, ${image.width}×${image.height}`,
      width: image.width,
      height: image.height,
      images,
    };
  });
}

/** Grey levels as RGBA for an ImageData. */
export function greyToRgba(grey: Uint8ClampedArray): Uint8ClampedArray<ArrayBuffer> {
  const rgba = new Uint8ClampedArray(grey.length * 4);
  grey.forEach((value, i) => {
    rgba.set([value, value, value, 255], i * 4);
  });
  return rgba;
}
