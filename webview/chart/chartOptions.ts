/** uPlot options for one chart: axes, scales and series styles from the data's specs and the theme. */
import type uPlot from 'uplot';
import {
  ELAPSED_INCREMENTS,
  formatClock,
  formatElapsed,
  formatX,
  formatY,
  lastValue,
  logRange,
  isPowerOfTen,
  logTickLabels,
  yTickLabels,
} from './axisValues';
import { dotsFit, legendMarker, seriesStyle, withAlpha, type LegendMarker } from './colors';
import type { SeriesSpec } from './seriesData';
import type { ChartTheme } from './theme';

export interface ChartLayout {
  readonly xLabel: string;
  readonly yLabel: string;
  readonly yLog: boolean;
  /** A log10 x axis (the learning-rate range test); linear when absent. */
  readonly xLog?: boolean;
  /** An x axis of time: seconds since the run started, or Unix seconds shown as the time of day. */
  readonly xTime?: 'elapsed' | 'clock';
  readonly theme: ChartTheme;
}

/** Changes in any of these need a new uPlot instance; data changes only need `setData`. */
export function layoutKey(layout: ChartLayout, specs: readonly SeriesSpec[]): string {
  return JSON.stringify([layout, specs]);
}

const logScale: uPlot.Scale = { distr: 3, log: 10, range: (_, min, max) => logRange(min, max) };

export function chartOptions(
  layout: ChartLayout,
  specs: readonly SeriesSpec[],
  size: { width: number; height: number },
  mountLegend: (el: HTMLElement) => void,
): uPlot.Options {
  const { theme } = layout;
  return {
    ...size,
    scales: {
      x: layout.xLog ? { ...logScale, time: false } : { time: layout.xTime === 'clock' },
      y: layout.yLog ? logScale : { distr: 1 },
    },
    axes: [
      { ...axis(theme, layout.xLabel, 28), ...xTicks(layout) },
      { ...axis(theme, layout.yLabel, yAxisSize(theme.font)), values: (_, splits) => yTickLabels(splits) },
    ],
    series: [
      { label: layout.xLabel, value: legendValue(xFormat(layout)) },
      ...specs.map((spec) => series(spec, theme)),
    ],
    legend: { live: true, mount: (_, el) => mountLegend(el), markers: legendMarkers(specs, theme) },
    cursor: { drag: { x: true, y: false }, points: { size: 6 } },
  };
}

/** How the x axis's values read in the legend. */
function xFormat(layout: ChartLayout): (value: number | null) => string {
  if (layout.xLog) return formatY;
  if (layout.xTime === 'elapsed') return formatElapsed;
  if (layout.xTime === 'clock') return formatClock;
  return formatX;
}

/** Tick labels: powers of ten on a log axis, whole minutes and hours on an elapsed-time axis. */
function xTicks(layout: ChartLayout): Partial<uPlot.Axis> {
  if (layout.xLog) return { values: (_, splits) => logTickLabels(splits), filter: (_, splits) => decadesOnly(splits) };
  if (layout.xTime === 'elapsed')
    return { incrs: ELAPSED_INCREMENTS, values: (_, splits) => splits.map(formatElapsed) };
  return {};
}

/**
 * A log axis spanning several decades keeps its ticks and grid lines at the powers of ten
 * only (uPlot puts one at every 1–9 × 10^k: a dense grid that hides the curve).
 */
function decadesOnly(splits: number[]): (number | null)[] {
  const decades = splits.map((value) => (isPowerOfTen(value) ? value : null));
  return decades.filter((value) => value !== null).length >= 2 ? decades : splits;
}

const GRID_ALPHA = 0.35;
const TICK_SIZE = 4;
const VALUE_GAP = 5; // uPlot's default gap between ticks and values
const Y_AXIS_MIN_SIZE = 50;

/** A y axis as wide as its longest tick label (a fixed width let "0.00125" run into the axis title). */
function yAxisSize(font: string): uPlot.Axis.Size {
  return (self, values) => {
    const widest = Math.max(0, ...textWidths(self.ctx, font, values ?? []));
    return Math.max(Y_AXIS_MIN_SIZE, Math.ceil(widest + TICK_SIZE + VALUE_GAP + 2));
  };
}

/** Widths in CSS pixels: uPlot scales its own fonts by the pixel ratio, `font` is unscaled. */
function textWidths(ctx: CanvasRenderingContext2D, font: string, texts: readonly string[]): number[] {
  ctx.save();
  ctx.font = font;
  const widths = texts.map((text) => ctx.measureText(text).width);
  ctx.restore();
  return widths;
}

function axis(theme: ChartTheme, label: string, size: uPlot.Axis.Size): uPlot.Axis {
  return {
    label,
    labelSize: 18,
    size,
    stroke: theme.foreground,
    font: theme.font,
    labelFont: theme.font,
    grid: { stroke: withAlpha(theme.grid, GRID_ALPHA), width: 1 },
    ticks: { stroke: theme.grid, width: 1, size: TICK_SIZE },
  };
}

/**
 * Epoch dots while they stay apart: a thousand epochs' dots blur into a thick line, and
 * rasterising them tripled what each live update of a long run cost (bench/panelRedraw.ts).
 */
function dotsWhileApart(self: uPlot, seriesIdx: number, from: number, to: number): boolean {
  const values = self.data[seriesIdx];
  const plotWidth = self.bbox.width / (devicePixelRatio || 1);
  return values !== undefined && dotsFit(values, from, to, plotWidth);
}

function series(spec: SeriesSpec, theme: ChartTheme): uPlot.Series {
  const style = seriesStyle(spec.kind, spec.group, theme.palette);
  return {
    label: spec.label,
    stroke: style.stroke,
    width: style.width,
    ...(style.dash === undefined ? {} : { dash: style.dash }),
    spanGaps: true,
    points: { show: style.points ? dotsWhileApart : false, size: 5, fill: style.stroke },
    value: legendValue(formatY),
  };
}

const NO_MARKER: LegendMarker = { stroke: 'transparent', fill: 'transparent', width: 0, dash: 'solid' };

/** The legend swatches, by uPlot series index (0 is the x series, which has none). */
function legendMarkers(specs: readonly SeriesSpec[], theme: ChartTheme): uPlot.Legend.Markers {
  const markers = specs.map((spec) => legendMarker(spec.kind, spec.group, theme.palette));
  const marker = (seriesIdx: number): LegendMarker => markers[seriesIdx - 1] ?? NO_MARKER;
  return {
    show: true,
    stroke: (_, seriesIdx) => marker(seriesIdx).stroke,
    fill: (_, seriesIdx) => marker(seriesIdx).fill,
    width: (_, seriesIdx) => marker(seriesIdx).width,
    dash: (_, seriesIdx) => marker(seriesIdx).dash,
  };
}

/** Legend text: the value under the cursor, or the newest value when the cursor is elsewhere. */
function legendValue(format: (value: number | null) => string): uPlot.Series.Value {
  return (plot, value, seriesIdx, idx) =>
    format(idx === null ? lastValue(plot.data[seriesIdx] ?? []) : (value as number | null));
}
