/**
 * A uPlot plugin that draws run-control markers: a thin dashed vertical line through the
 * plot area at each marker and its label in the lane above it (`rows` rows reserved with
 * top padding), so labels never cover the data. The markers are read on each draw, so new
 * ones only need a redraw; a change in `rows` needs a new plot.
 */
import uPlot from 'uplot';
import { withAlpha } from './colors';
import type { ChartMarker } from './controlMarkers';
import { fontWithSize, LABEL_GAP, placeLabels } from './markerLayout';
import type { ChartTheme } from './theme';

/** CSS pixels per row of the label lane above the plot area. */
const ROW_HEIGHT = 15;
/** Space between the lane and the plot area. */
const LANE_MARGIN = 4;
const LABEL_PX = 11;
const LINE_ALPHA = 0.55;
const LABEL_ALPHA = 0.85;
const DASH = [3, 3];

/** Where one chart's markers go, in canvas pixels. */
interface MarkerFrame {
  readonly xs: readonly number[];
  readonly laneTop: number;
  readonly ratio: number;
}

export function markerPlugin(markers: () => readonly ChartMarker[], theme: ChartTheme, rows: number): uPlot.Plugin {
  if (rows === 0) return { hooks: {} };
  return {
    opts: (_, options) => ({ ...options, padding: [rows * ROW_HEIGHT + LANE_MARGIN, null, null, null] }),
    hooks: { draw: [(plot) => drawMarkers(plot, visible(plot, markers()), theme, rows)] },
  };
}

/** The markers inside the x scale's current range (the user may have zoomed in). */
function visible(plot: uPlot, markers: readonly ChartMarker[]): ChartMarker[] {
  const { min, max } = plot.scales['x'] ?? {};
  if (min === undefined || max === undefined) return [];
  return markers.filter((marker) => marker.x >= min && marker.x <= max);
}

function drawMarkers(plot: uPlot, markers: readonly ChartMarker[], theme: ChartTheme, rows: number): void {
  if (markers.length === 0) return;
  const ratio = uPlot.pxRatio;
  const frame: MarkerFrame = {
    xs: markers.map((marker) => Math.round(plot.valToPos(marker.x, 'x', true)) + 0.5),
    laneTop: plot.bbox.top - (rows * ROW_HEIGHT + LANE_MARGIN) * ratio,
    ratio,
  };
  plot.ctx.save();
  drawLines(plot.ctx, frame, plot.bbox.top + plot.bbox.height, withAlpha(theme.foreground, LINE_ALPHA));
  plot.ctx.font = fontWithSize(theme.font, LABEL_PX * ratio);
  plot.ctx.fillStyle = withAlpha(theme.foreground, LABEL_ALPHA);
  drawLabels(plot, markers, frame, rows);
  plot.ctx.restore();
}

/** Dashed lines from the top of the lane (beside their labels) to `bottom`. */
function drawLines(ctx: CanvasRenderingContext2D, frame: MarkerFrame, bottom: number, color: string): void {
  ctx.strokeStyle = color;
  ctx.lineWidth = frame.ratio;
  ctx.setLineDash(DASH.map((length) => length * frame.ratio));
  ctx.beginPath();
  for (const x of frame.xs) {
    ctx.moveTo(x, frame.laneTop);
    ctx.lineTo(x, bottom);
  }
  ctx.stroke();
}

function drawLabels(plot: uPlot, markers: readonly ChartMarker[], frame: MarkerFrame, rows: number): void {
  const { ctx } = plot;
  const lines = markers.map((marker, i) => ({ x: frame.xs[i] as number, width: ctx.measureText(marker.label).width }));
  const bounds = { left: plot.bbox.left, right: ctx.canvas.width };
  const slots = placeLabels(lines, bounds, rows, LABEL_GAP * frame.ratio);
  ctx.textBaseline = 'middle';
  slots.forEach((slot, i) => {
    if (slot === null) return;
    ctx.textAlign = slot.align;
    const y = frame.laneTop + (slot.row + 0.5) * ROW_HEIGHT * frame.ratio;
    ctx.fillText((markers[i] as ChartMarker).label, slot.x, y);
  });
}
