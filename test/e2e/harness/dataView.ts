/** The Data view and the inspector's model graph as the tests see them: read from the webviews' DOM. */
import type { Frame } from 'playwright-core';
import type { Workbench } from './workbench';

export interface DataViewContents {
  splits: string[];
  bars: number;
  dominant: number;
  statsTables: number;
  samples: number;
  sampleRows: number;
  findings: string[];
}

export class DataViewPanel {
  private constructor(readonly frame: Frame) {}

  /** Waits for the Data view's webview to show a report. */
  static async find(workbench: Workbench, timeoutMs = 90_000): Promise<DataViewPanel> {
    return new DataViewPanel(await workbench.webviewFrame('.data-view .report #splits', timeoutMs));
  }

  async title(): Promise<string> {
    return (await this.frame.textContent('.data-header .model-name')) ?? '';
  }

  async contents(): Promise<DataViewContents> {
    const texts = (selector: string) => this.frame.locator(selector).allInnerTexts();
    return {
      splits: await texts('table.splits tbody th'),
      bars: await this.frame.locator('.balance .bar-row').count(),
      dominant: await this.frame.locator('.balance .bar-fill.dominant').count(),
      statsTables: await this.frame.locator('table.stats').count(),
      samples: await this.frame.locator('.sample-grid canvas.sample-image').count(),
      sampleRows: await this.frame.locator('table.sample-rows tbody tr').count(),
      findings: await texts('#findings .finding'),
    };
  }

  /** The webview body's theme class (vscode-dark, vscode-light, …). */
  async themeKind(): Promise<string> {
    return (await this.frame.getAttribute('body', 'class')) ?? '';
  }

  /** Whether the page is wider than its viewport (a horizontal scrollbar on the whole view). */
  async overflowsHorizontally(): Promise<boolean> {
    return this.frame.evaluate('document.documentElement.scrollWidth > document.documentElement.clientWidth + 1');
  }
}

export interface GraphContents {
  layers: number;
  groups: number;
  collapsedGroups: number;
  edges: number;
  skipEdges: number;
  /** Targets of the skip edges (their `data-to`). */
  skipTargets: string[];
}

export class ModelGraphView {
  private constructor(readonly frame: Frame) {}

  static async find(workbench: Workbench, timeoutMs = 90_000): Promise<ModelGraphView> {
    return new ModelGraphView(await workbench.webviewFrame('.graph-canvas .layer-box', timeoutMs));
  }

  async contents(): Promise<GraphContents> {
    const skipTargets = (await this.frame.evaluate(
      "[...document.querySelectorAll('.graph-edges path.graph-edge.skip')].map((path) => path.getAttribute('data-to'))",
    )) as string[];
    return {
      layers: await this.frame.locator('.graph-canvas button.layer-box[data-layer]').count(),
      groups: await this.frame.locator('.graph-canvas button.group-toggle').count(),
      collapsedGroups: await this.frame.locator('.graph-canvas button.group-box').count(),
      edges: await this.frame.locator('.graph-edges path.graph-edge').count(),
      skipEdges: skipTargets.length,
      skipTargets,
    };
  }

  async toggleAllBlocks(): Promise<void> {
    await this.frame.click('button.graph-toggle-all');
  }

  /** Scrolls the inspector down (not sideways) so the graph's `layer` box is near the top. */
  async reveal(layer: string): Promise<void> {
    await this.frame.evaluate(
      `window.scrollTo(0, document.querySelector('button.layer-box[data-layer="${layer}"]').getBoundingClientRect().top + window.scrollY - 160)`,
    );
  }
}
