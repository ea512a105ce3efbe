/** Colour helpers for chart series. Pure: colours come in as `rgb()`/`rgba()` strings. */
import type { SeriesKind } from './seriesData';

export interface SeriesPalette {
  /** Training colours, one per metric of a chart (cycled). */
  readonly train: readonly string[];
  /** Validation colours, one per metric of a chart (cycled). */
  readonly val: readonly string[];
}

export interface SeriesStyle {
  readonly stroke: string;
  readonly width: number;
  readonly dash: number[] | undefined;
  readonly points: boolean;
}

/** A legend swatch: uPlot draws it as a box with this border and background. */
export interface LegendMarker {
  readonly stroke: string;
  readonly fill: string;
  readonly width: number;
  readonly dash: 'solid' | 'dashed';
}

const RAW_ALPHA = 0.3;

/** How a series is drawn: raw batch values faint, epoch values dashed with points. */
export function seriesStyle(kind: SeriesKind, group: number, palette: SeriesPalette): SeriesStyle {
  const train = pick(palette.train, group);
  switch (kind) {
    case 'raw':
      return { stroke: withAlpha(train, RAW_ALPHA), width: 1, dash: undefined, points: false };
    case 'smoothed':
      return { stroke: train, width: 2, dash: undefined, points: false };
    case 'epoch':
      return { stroke: train, width: 1.5, dash: [6, 4], points: true };
    case 'val':
      return { stroke: pick(palette.val, group), width: 2, dash: undefined, points: true };
  }
}

/**
 * The legend swatch of a series. Its border is always the series' full colour, so it reads in
 * every theme (the raw line's faint stroke made a near-invisible outline on light backgrounds);
 * the raw series is told apart by a thin border around a faint fill, the colour of its line;
 * epoch values by a dashed border, like their line.
 */
export function legendMarker(kind: SeriesKind, group: number, palette: SeriesPalette): LegendMarker {
  const color = kind === 'val' ? pick(palette.val, group) : pick(palette.train, group);
  switch (kind) {
    case 'raw':
      return { stroke: color, fill: withAlpha(color, RAW_ALPHA), width: 1, dash: 'solid' };
    case 'epoch':
      return { stroke: color, fill: 'transparent', width: 2, dash: 'dashed' };
    case 'smoothed':
    case 'val':
      return { stroke: color, fill: 'transparent', width: 2, dash: 'solid' };
  }
}

function pick(colors: readonly string[], index: number): string {
  return colors.length === 0 ? 'gray' : (colors[index % colors.length] as string);
}

/** `rgb(1, 2, 3)` or `rgba(1, 2, 3, 0.5)` with its alpha multiplied; other strings unchanged. */
export function withAlpha(color: string, alpha: number): string {
  const match = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+%?))?\s*\)$/.exec(color);
  if (match === null) return color;
  const [, r, g, b, a] = match;
  const base = a === undefined ? 1 : a.endsWith('%') ? parseFloat(a) / 100 : parseFloat(a);
  return `rgba(${r}, ${g}, ${b}, ${round(base * alpha)})`;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** The least room, in CSS pixels per point, for an epoch series to mark each point with a dot. */
const MIN_PX_PER_DOT = 6;

/**
 * Whether the values in rows [from, to] (null where a series has no point) are few enough for
 * `plotWidth` CSS pixels to keep their dots apart. Stops counting once they are too many.
 */
export function dotsFit(
  values: ArrayLike<number | null | undefined>,
  from: number,
  to: number,
  plotWidth: number,
): boolean {
  const room = plotWidth / MIN_PX_PER_DOT;
  let count = 0;
  for (let i = from; i <= to; i++) if (values[i] != null && ++count > room) return false;
  return true;
}
