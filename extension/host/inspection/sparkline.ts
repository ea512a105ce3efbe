/** Unicode sparklines (▁▂▃▄▅▆▇█) for hover cards. Pure. */

const BARS = '▁▂▃▄▅▆▇█';
const DEFAULT_WIDTH = 24;

export interface SparklineOptions {
  /** Characters at most; longer series are averaged into this many buckets. */
  width?: number;
  /** Scale by log10 (for gradient norms and ratios that span decades). */
  log?: boolean;
}

/** Missing or non-finite values (and non-positive ones on a log scale) become spaces. */
export function sparkline(values: readonly (number | null | undefined)[], options: SparklineOptions = {}): string {
  const scaled = values.map((value) => scale(value, options.log ?? false));
  const buckets = bucketMeans(scaled, options.width ?? DEFAULT_WIDTH);
  const finite = buckets.filter((value): value is number => value !== null);
  if (finite.length === 0) return '';
  const min = Math.min(...finite);
  const span = Math.max(...finite) - min;
  return buckets
    .map((value) => {
      if (value === null) return ' ';
      const level = span === 0 ? (BARS.length - 1) / 2 : ((value - min) / span) * (BARS.length - 1);
      return BARS[Math.round(level)];
    })
    .join('');
}

function scale(value: number | null | undefined, log: boolean): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  if (!log) return value;
  return value > 0 ? Math.log10(value) : null;
}

function bucketMeans(values: readonly (number | null)[], width: number): (number | null)[] {
  if (values.length <= width) return [...values];
  const buckets: (number | null)[] = [];
  for (let bucket = 0; bucket < width; bucket++) {
    const slice = values.slice(
      Math.floor((bucket * values.length) / width),
      Math.floor(((bucket + 1) * values.length) / width),
    );
    const finite = slice.filter((value): value is number => value !== null);
    buckets.push(finite.length === 0 ? null : finite.reduce((sum, value) => sum + value, 0) / finite.length);
  }
  return buckets;
}
