/**
 * One uPlot chart in a figure: re-created when its layout (series, scale, theme) changes,
 * fed with `setData` otherwise, resized with its container. Keeps the user's zoom while
 * new points arrive (drag to zoom, double-click to reset). A chart made `withMarkers` also
 * draws run-control markers, passed with each update.
 */
import uPlot from 'uplot';
import './chartLegend.css';
import { chartOptions, layoutKey, type ChartLayout } from './chartOptions';
import type { ChartMarker } from './controlMarkers';
import { makeLegendKeyboardOperable, syncLegendPressed } from './legendKeys';
import { laneRows } from './markerLayout';
import { markerPlugin } from './markerPlugin';
import type { ChartData } from './seriesData';

const MIN_HEIGHT = 120;

export class ChartView {
  readonly element: HTMLElement;
  private readonly legendHost: HTMLElement;
  private readonly plotHost: HTMLElement;
  private readonly resizeObserver: ResizeObserver;
  private plot: uPlot | undefined;
  private key = '';
  private zoomed = false;
  private markers: readonly ChartMarker[] = [];

  constructor(
    title: string,
    private readonly options: {
      withMarkers?: boolean;
      /** Hears the x range the user zoomed to (drag), and `null` when zoomed back out (double-click). */
      onZoom?: (range: { min: number; max: number } | null) => void;
    } = {},
  ) {
    this.element = document.createElement('figure');
    this.element.className = 'chart';
    const caption = document.createElement('figcaption');
    caption.textContent = title;
    this.legendHost = document.createElement('div');
    this.legendHost.className = 'chart-legend';
    this.plotHost = document.createElement('div');
    this.plotHost.className = 'chart-plot';
    this.element.append(caption, this.legendHost, this.plotHost);
    this.resizeObserver = new ResizeObserver(() => this.fit());
    this.resizeObserver.observe(this.plotHost);
    this.plotHost.addEventListener('dblclick', () => {
      this.zoomed = false;
      this.options.onZoom?.(null);
    });
  }

  update(data: ChartData, layout: ChartLayout, markers: readonly ChartMarker[] = []): void {
    this.markers = markers;
    const aligned: uPlot.AlignedData = [data.x, ...data.ys];
    const rows = this.options.withMarkers === true ? laneRows(markers.length) : 0;
    const key = `${layoutKey(layout, data.specs)}|${rows}`;
    if (this.plot !== undefined && key === this.key) {
      this.plot.setData(aligned, !this.zoomed);
      return;
    }
    this.plot?.destroy();
    this.key = key;
    this.zoomed = false;
    const options = chartOptions(layout, data.specs, this.size(), (el) => this.legendHost.replaceChildren(el));
    options.hooks = {
      setSelect: [(plot) => this.onSelect(plot)],
      setSeries: [(plot) => syncLegendPressed(plot, this.legendHost)],
    };
    options.plugins = [markerPlugin(() => this.markers, layout.theme, rows)];
    this.plot = new uPlot(options, aligned, this.plotHost);
    makeLegendKeyboardOperable(this.plot, this.legendHost);
    this.fit();
  }

  private onSelect(plot: uPlot): void {
    const { left, width } = plot.select;
    if (width <= 0) return;
    this.zoomed = true;
    this.options.onZoom?.({ min: plot.posToVal(left, 'x'), max: plot.posToVal(left + width, 'x') });
  }

  /** The plot area's width in CSS pixels (how many points are worth drawing). */
  get plotWidth(): number {
    return this.plot?.bbox.width !== undefined ? this.plot.bbox.width / devicePixelRatio : this.plotHost.clientWidth;
  }

  /** The new legend may be taller or shorter than the old one; the resize observer misses that. */
  private fit(): void {
    const plot = this.plot;
    const size = this.size();
    if (plot !== undefined && (plot.width !== size.width || plot.height !== size.height)) plot.setSize(size);
  }

  dispose(): void {
    this.resizeObserver.disconnect();
    this.plot?.destroy();
    this.plot = undefined;
  }

  private size(): { width: number; height: number } {
    return {
      width: Math.max(1, Math.floor(this.plotHost.clientWidth)),
      height: Math.max(MIN_HEIGHT, Math.floor(this.plotHost.clientHeight)),
    };
  }
}
