/**
 * The Tensorscope activity-bar view (tree `tensorscope.runs`): runs grouped by model file, read
 * from the tree's rows; runs are compared the way a person does it, by selecting two and
 * choosing Compare Runs from their context menu.
 */
import type { Locator } from 'playwright-core';
import type { Workbench } from './workbench';
import { waitFor } from './wait';

const ROWS = '.part.sidebar .monaco-list-row';

export interface TreeRow {
  /** 1 for a model file, 2 for its runs. */
  level: number;
  label: string;
  /** For a run: its final metrics, duration and backend. */
  description: string;
  expanded: boolean | undefined;
}

export class RunsView {
  private constructor(private readonly workbench: Workbench) {}

  /** Shows the Tensorscope view container and waits for its tree to list something. */
  static async open(workbench: Workbench): Promise<RunsView> {
    await workbench.runCommand('View: Show Tensorscope');
    const view = new RunsView(workbench);
    await waitFor('rows in the Tensorscope runs view', async () => (await view.rows()).length > 0, {
      describeLast: async () => (await workbench.page.locator('.part.sidebar').innerText()).slice(0, 300),
    });
    return view;
  }

  async rows(): Promise<TreeRow[]> {
    const rows = await this.rowLocators();
    return Promise.all(
      rows.map(async (row) => {
        const expanded = await row.getAttribute('aria-expanded');
        const text = async (selector: string): Promise<string> =>
          (await row.locator(selector).allInnerTexts()).join(' ').replace(/\s+/g, ' ').trim();
        return {
          level: Number(await row.getAttribute('aria-level')),
          label: await text('.label-name'),
          description: await text('.label-description'),
          expanded: expanded === null ? undefined : expanded === 'true',
        };
      }),
    );
  }

  /** The rows of the runs of the model file labelled `model` (e.g. "mlp-synthetic/model.ts"), expanding it if needed. */
  async runsOf(model: string): Promise<(TreeRow & { index: number })[]> {
    const groupIndex = async (): Promise<number> =>
      (await this.rows()).findIndex((row) => row.level === 1 && row.label.includes(model));
    const index = await waitFor(`the model file ${model} in the runs view`, async () => {
      const found = await groupIndex();
      return found >= 0 ? found : undefined;
    });
    if ((await this.rows())[index]?.expanded === false) await (await this.rowLocators())[index]?.click();
    return waitFor(`the runs of ${model} listed`, async () => {
      const rows = await this.rows();
      const start = await groupIndex();
      const end = rows.findIndex((row, i) => i > start && row.level === 1);
      const runs = rows.slice(start + 1, end < 0 ? undefined : end).map((row, i) => ({ ...row, index: start + 1 + i }));
      return runs.length > 0 ? runs : undefined;
    });
  }

  /** Selects the rows at `indexes` (Ctrl+click, which does not open them) and runs Compare Runs on them. */
  async compare(indexes: readonly number[]): Promise<void> {
    const rows = await this.rowLocators();
    const chosen = indexes.map((index) => rows[index]).filter((row): row is Locator => row !== undefined);
    for (const row of chosen) await row.click({ modifiers: ['Control'] });
    await chosen.at(-1)?.click({ button: 'right' });
    // The menu acts on the item it highlights; a click right after it opened can go unheard.
    const item = this.workbench.page.locator('.monaco-menu .action-label', { hasText: /^Compare Runs$/ }).first();
    await item.hover({ timeout: 10_000 });
    await this.workbench.page.keyboard.press('Enter');
  }

  private rowLocators(): Promise<Locator[]> {
    return this.workbench.page.locator(ROWS).all();
  }
}
