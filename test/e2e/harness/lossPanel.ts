/**
 * The Tensorscope loss panel as the tests see it: read from the webview's DOM (header status,
 * epoch, Stop button), never from pixels alone.
 */
import type { Frame } from 'playwright-core';
import type { Workbench } from './workbench';
import { waitFor } from './wait';

const HEADER = '.run-header';

export type PanelStatus = 'Running' | 'Paused' | 'Completed' | 'Stopped' | 'Failed';

export interface Readability {
  /** WCAG contrast ratio of an element's colour (text or border) against the panel background. */
  contrast: number;
  foreground: string;
  background: string;
}

export interface ConfusionMatrix {
  /** Rows (true classes) of the matrix. */
  classes: number;
  /** Every count cell, row by row. */
  counts: number[];
}

/** The few DOM members the in-page probes use (the project's tsconfig has no DOM library). */
interface PageElement {
  readonly className: string;
  readonly parentElement: PageElement | null;
}
interface PageWindow {
  document: { body: PageElement; documentElement: PageElement; querySelector(selector: string): PageElement | null };
  getComputedStyle(element: PageElement): {
    color: string;
    borderTopColor: string;
    backgroundColor: string;
    getPropertyValue(name: string): string;
  };
}

/** Where the loss chart's plot area sits in the panel's viewport, in CSS pixels. */
export interface ChartPlacement {
  top: number;
  bottom: number;
  height: number;
  width: number;
  /** The panel's viewport height. */
  viewportHeight: number;
}

export class LossPanelView {
  private constructor(private readonly frame: Frame) {}

  /** Waits for the panel's webview to show its header. */
  static async find(workbench: Workbench, timeoutMs = 30_000): Promise<LossPanelView> {
    return new LossPanelView(await workbench.webviewFrame(HEADER, timeoutMs));
  }

  async status(): Promise<string> {
    return (await this.frame.locator(`${HEADER} .status-badge`).innerText()).trim();
  }

  async waitForStatus(status: PanelStatus, timeoutMs = 30_000): Promise<void> {
    await waitFor(`the panel status to be "${status}"`, async () => (await this.status()) === status, {
      timeoutMs,
      describeLast: () => this.headerText(),
    });
  }

  /** The "Epoch i/N" figure of the header as numbers. */
  async epoch(): Promise<{ done: number; total: number } | undefined> {
    const match = /Epoch (\d+)\/(\d+)/.exec(await this.headerText());
    return match ? { done: Number(match[1]), total: Number(match[2]) } : undefined;
  }

  async headerText(): Promise<string> {
    return (await this.frame.locator(HEADER).innerText()).replace(/\s+/g, ' ').trim();
  }

  /** The number the chart legend shows for a series, e.g. "loss · epoch". */
  async legendValue(label: string): Promise<number | undefined> {
    const rows = await this.frame.locator('.chart-legend .u-series').all();
    for (const row of rows) {
      if ((await row.locator('.u-label').innerText()).trim() !== label) continue;
      const value = Number.parseFloat((await row.locator('.u-value').innerText()).replace(/,/g, ''));
      return Number.isFinite(value) ? value : undefined;
    }
    return undefined;
  }

  /** The step the loss chart has reached: the x value its legend shows when the cursor is elsewhere. */
  async step(): Promise<number | undefined> {
    const xValue = this.frame.locator('.chart-legend').first().locator('.u-series').first().locator('.u-value');
    const value = Number.parseInt((await xValue.innerText()).replace(/,/g, ''), 10);
    return Number.isFinite(value) ? value : undefined;
  }

  async clickStop(): Promise<void> {
    await this.frame.locator('vscode-button[aria-label="Stop training"]').click();
  }

  async clickPause(): Promise<void> {
    await this.frame.locator('.pause-button[aria-label="Pause training"]').click();
  }

  async clickContinue(): Promise<void> {
    await this.frame.locator('.pause-button[aria-label="Continue training"]').click();
  }

  async clickResume(): Promise<void> {
    await this.frame.locator('.resume-button').click();
  }

  async clickEvaluate(): Promise<void> {
    await this.frame.locator('.evaluate-button').click();
  }

  /** Texts of the header's buttons on screen, e.g. ["Resume", "Evaluate", "Train again"]. */
  async visibleButtons(): Promise<string[]> {
    const buttons = await this.frame.locator(`${HEADER} .run-actions vscode-button`).all();
    const shown = await Promise.all(buttons.map(async (button) => ((await button.isVisible()) ? button : null)));
    return Promise.all(shown.flatMap((button) => (button ? [button.innerText()] : [])));
  }

  /** The titles of the charts on screen ("Loss", "Metrics"). */
  async visibleCharts(): Promise<string[]> {
    const charts = await this.frame.locator('figure.chart').all();
    const titles = await Promise.all(
      charts.map(async (chart) => ((await chart.isVisible()) ? chart.locator('figcaption').innerText() : null)),
    );
    return titles.filter((title): title is string => title !== null);
  }

  async isVisible(selector: string): Promise<boolean> {
    return this.frame.locator(selector).first().isVisible();
  }

  /** The evaluation section's confusion matrix, scrolled into view; undefined until it shows. */
  async confusionMatrix(): Promise<ConfusionMatrix | undefined> {
    const table = this.frame.locator('section.evaluation table.confusion-matrix');
    if (!(await table.isVisible())) return undefined;
    await this.frame.locator('section.evaluation').scrollIntoViewIfNeeded();
    const counts = (await table.locator('td.count').allInnerTexts()).map((text) => Number(text.replace(/,/g, '')));
    return { classes: await table.locator('tbody tr').count(), counts };
  }

  /** The loss chart's plot area relative to the panel's viewport (scrolled to the top first). */
  async lossChartPlacement(): Promise<ChartPlacement> {
    return this.frame.evaluate(() => {
      const page = globalThis as unknown as {
        scrollTo(x: number, y: number): void;
        innerHeight: number;
        document: { querySelector(selector: string): { getBoundingClientRect(): DOMRectLike } | null };
      };
      interface DOMRectLike {
        top: number;
        bottom: number;
        height: number;
        width: number;
      }
      page.scrollTo(0, 0);
      const plot = page.document.querySelector('figure.chart .chart-plot');
      if (plot === null) throw new Error('no loss chart in the panel');
      const { top, bottom, height, width } = plot.getBoundingClientRect();
      return { top, bottom, height, width, viewportHeight: page.innerHeight };
    });
  }

  /** Opens the backend badge's details popover; returns its text. */
  async openBackendDetails(): Promise<string> {
    await this.frame.locator('.backend-badge').click();
    const details = this.frame.locator('.backend-details');
    await details.waitFor({ state: 'visible', timeout: 5_000 });
    return details.innerText();
  }

  /** Closes an open popover (Escape, as a keyboard user does). */
  async closePopover(): Promise<void> {
    await this.frame.locator('body').press('Escape');
  }

  /**
   * The confusion matrix's table against the box that shows it: whole when it fits, else the box
   * must scroll (its scrollbar visible).
   */
  async confusionFit(): Promise<{ tableWidth: number; boxWidth: number; scrolls: boolean; rows: number }> {
    const box = this.frame.locator('section.evaluation .confusion-scroll');
    await box.scrollIntoViewIfNeeded();
    return box.evaluate((element) => {
      const node = element as unknown as {
        scrollWidth: number;
        clientWidth: number;
        querySelectorAll(selector: string): { length: number };
      };
      return {
        tableWidth: node.scrollWidth,
        boxWidth: node.clientWidth,
        scrolls: node.scrollWidth > node.clientWidth,
        rows: node.querySelectorAll('tbody tr').length,
      };
    });
  }

  /** Whether the evaluation section's top is inside the panel's viewport. */
  async evaluationInView(): Promise<boolean> {
    return this.frame.locator('section.evaluation h2').evaluate((element) => {
      const rect = (
        element as unknown as { getBoundingClientRect(): { top: number; bottom: number } }
      ).getBoundingClientRect();
      const height = (globalThis as unknown as { innerHeight: number }).innerHeight;
      return rect.top >= 0 && rect.bottom <= height;
    });
  }

  /** Clicks the model name in the header (no control), as a user clicks into the panel before Tab. */
  async focusHeading(): Promise<void> {
    await this.frame.locator(`${HEADER} .model-name`).click();
  }

  /** The text of the first element matching `selector`, whitespace collapsed. */
  async text(selector: string): Promise<string> {
    return (await this.frame.locator(selector).first().innerText()).replace(/\s+/g, ' ').trim();
  }

  /**
   * The focused control (inside a toolkit button's shadow root too) and how it shows focus: its
   * outline or box shadow, "none" when neither; undefined when focus is not in the panel.
   */
  async focusRing(): Promise<{ name: string; ring: string } | undefined> {
    return this.frame.evaluate(() => {
      interface Focusable {
        tagName: string;
        textContent: string | null;
        getAttribute(name: string): string | null;
        shadowRoot: { activeElement: Focusable | null } | null;
      }
      const { document, getComputedStyle } = globalThis as unknown as {
        document: { activeElement: Focusable | null; body: Focusable };
        getComputedStyle(element: Focusable): {
          outlineStyle: string;
          outlineWidth: string;
          outlineColor: string;
          boxShadow: string;
        };
      };
      const outer = document.activeElement;
      if (!outer || outer === document.body) return undefined;
      const inner = outer.shadowRoot?.activeElement ?? outer;
      const style = getComputedStyle(inner);
      const outline = style.outlineStyle !== 'none' && style.outlineWidth !== '0px';
      const shadow = style.boxShadow !== 'none' && style.boxShadow !== '';
      const ring = outline ? `${style.outlineWidth} ${style.outlineColor}` : shadow ? style.boxShadow : 'none';
      const label = outer.getAttribute('aria-label') ?? (outer.textContent ?? '').trim().slice(0, 30);
      return { name: `${outer.tagName.toLowerCase()} "${label}"`, ring };
    });
  }

  /** The webview body's theme class (vscode-light, vscode-dark, vscode-high-contrast, ...). */
  async themeKind(): Promise<string> {
    return this.frame.evaluate(() => (globalThis as unknown as PageWindow).document.body.className);
  }

  /** Contrast of the model name in the header against the first opaque background behind it. */
  async readability(): Promise<Readability> {
    return this.contrastOf(`${HEADER} .model-name`, 'color');
  }

  /** Contrast of a chart legend swatch's outline, e.g. of "loss · batch (raw)", against the background. */
  async swatchContrast(label: string): Promise<Readability> {
    const rows = this.frame.locator('.chart-legend .u-series');
    const index = (await rows.locator('.u-label').allInnerTexts()).findIndex((text) => text.trim() === label);
    if (index < 0) throw new Error(`no legend entry "${label}" in the panel`);
    // The x series' row has no label element, so label i is on row i + 1.
    const marker = rows.nth(index + 1).locator('.u-marker');
    await marker.evaluate((element) => element.setAttribute('data-probe', ''));
    try {
      return await this.contrastOf('.u-marker[data-probe]', 'borderTopColor');
    } finally {
      await marker.evaluate((element) => element.removeAttribute('data-probe'));
    }
  }

  private async contrastOf(selector: string, property: 'color' | 'borderTopColor'): Promise<Readability> {
    const colors = await this.frame.evaluate(
      ([selector, property]) => {
        const { document, getComputedStyle } = globalThis as unknown as PageWindow;
        const element = document.querySelector(selector);
        if (!element) throw new Error(`no ${selector} in the panel`);
        const foreground = getComputedStyle(element)[property];
        let background = '';
        for (let node: PageElement | null = element.parentElement; node && !background; node = node.parentElement) {
          const color = getComputedStyle(node).backgroundColor;
          if (!/rgba\(.*, 0\)$|transparent/.test(color)) background = color;
        }
        const fallback = getComputedStyle(document.documentElement).getPropertyValue('--vscode-editor-background');
        return { foreground, background: background || fallback.trim() };
      },
      [selector, property] as const,
    );
    return { ...colors, contrast: contrastRatio(colors.foreground, colors.background) };
  }
}

type Rgb = [number, number, number];

/** A CSS colour as RGB and alpha (1 when opaque). */
function parseColor(css: string): { rgb: Rgb; alpha: number } {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})/i.exec(css);
  if (hex) return { rgb: [1, 2, 3].map((i) => parseInt(hex[i] ?? '0', 16)) as Rgb, alpha: 1 };
  const rgb = /rgba?\(\s*([\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)(?:[ ,/]+([\d.]+))?/.exec(css);
  if (rgb) return { rgb: [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])], alpha: Number(rgb[4] ?? 1) };
  throw new Error(`cannot read the color "${css}"`);
}

function luminance([r, g, b]: Rgb): number {
  const channel = (value: number): number => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/**
 * WCAG 2 contrast ratio, 1 (none) to 21 (black on white). A translucent foreground is first
 * blended over the (opaque) background, as the screen shows it.
 */
export function contrastRatio(foreground: string, background: string): number {
  const back = parseColor(background).rgb;
  const front = parseColor(foreground);
  const blended = front.rgb.map((value, i) => value * front.alpha + (back[i] ?? 0) * (1 - front.alpha)) as Rgb;
  const [light, dark] = [luminance(blended), luminance(back)].sort((a, b) => b - a) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}
