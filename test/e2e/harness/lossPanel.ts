/**
 * The Tensorscope loss panel as the tests see it: read from the webview's DOM (header status,
 * epoch, Stop button), never from pixels alone.
 */
import type { Frame } from 'playwright-core';
import type { Workbench } from './workbench';
import { waitFor } from './wait';

const HEADER = '.run-header';

export type PanelStatus = 'Running' | 'Completed' | 'Stopped' | 'Failed';

export interface Readability {
  /** WCAG contrast ratio of the header's text against the panel background. */
  contrast: number;
  foreground: string;
  background: string;
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
    backgroundColor: string;
    getPropertyValue(name: string): string;
  };
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

  async clickStop(): Promise<void> {
    await this.frame.locator('vscode-button[aria-label="Stop training"]').click();
  }

  /** The webview body's theme class (vscode-light, vscode-dark, vscode-high-contrast, ...). */
  async themeKind(): Promise<string> {
    return this.frame.evaluate(() => (globalThis as unknown as PageWindow).document.body.className);
  }

  /** Contrast of the model name in the header against the first opaque background behind it. */
  async readability(): Promise<Readability> {
    const colors = await this.frame.evaluate((selector) => {
      const { document, getComputedStyle } = globalThis as unknown as PageWindow;
      const element = document.querySelector(selector);
      if (!element) throw new Error(`no ${selector} in the panel`);
      const foreground = getComputedStyle(element).color;
      let background = '';
      for (let node: PageElement | null = element; node && !background; node = node.parentElement) {
        const color = getComputedStyle(node).backgroundColor;
        if (!/rgba\(.*, 0\)$|transparent/.test(color)) background = color;
      }
      const fallback = getComputedStyle(document.documentElement).getPropertyValue('--vscode-editor-background');
      return { foreground, background: background || fallback.trim() };
    }, `${HEADER} .model-name`);
    return { ...colors, contrast: contrastRatio(colors.foreground, colors.background) };
  }
}

function parseColor(css: string): [number, number, number] {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})/i.exec(css);
  if (hex) return [parseInt(hex[1] ?? '0', 16), parseInt(hex[2] ?? '0', 16), parseInt(hex[3] ?? '0', 16)];
  const rgb = /rgba?\(\s*([\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)/.exec(css);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  throw new Error(`cannot read the color "${css}"`);
}

function luminance(css: string): number {
  const channel = (value: number): number => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const [r, g, b] = parseColor(css).map(channel) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio, 1 (none) to 21 (black on white). */
export function contrastRatio(foreground: string, background: string): number {
  const [light, dark] = [luminance(foreground), luminance(background)].sort((a, b) => b - a) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}
