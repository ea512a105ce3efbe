/**
 * Drives VS Code (code-server) in headless Chromium: the extension packaged as a .vsix and installed
 * into a fresh profile, a workspace copied into a sandbox, and small helpers for what a person does
 * (command palette, quick open, reading notifications, the status bar and webview content).
 */
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../scripts/vscode/chromium';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type ElementHandle, type Frame, type Page } from 'playwright-core';
import {
  findFreePort,
  installVsix,
  provisionCodeServer,
  startCodeServer,
  writeUserSettings,
  type RunningCodeServer,
} from '../../../scripts/vscode/codeServer';
import { packageVsix, REPO_ROOT } from '../../../scripts/vscode/vsix';
import { createSandbox, type Sandbox } from './sandbox';
import { waitFor } from './wait';

export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test', 'e2e', 'screenshots');

const QUICK_INPUT = '.quick-input-widget input.input';

/** Settings that keep prompts and welcome pages out of the way of the tests. */
const TEST_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
};

interface QuickInputRow {
  label: string;
  description: string;
}

export interface LaunchOptions {
  /** Folder copied into the sandbox and opened as the workspace. */
  workspaceSource: string;
  /** The extension to package and install (default: this repository). */
  extensionRoot?: string;
  /** Run the production build before packaging (default true). */
  build?: boolean;
  /** Extra environment for code-server and so for the extension host and its children. */
  serverEnv?: NodeJS.ProcessEnv;
  /** User settings on top of the test defaults. */
  settings?: Record<string, unknown>;
  /**
   * Workspace settings (.vscode/settings.json) to start with. A file that exists from the start is
   * watched at once; one created later may be noticed only seconds after (VS Code polls for it).
   */
  workspaceSettings?: Record<string, unknown>;
  viewport?: { width: number; height: number };
}

/**
 * Ctrl+C would end the test process without running `after` hooks; exiting instead fires the
 * 'exit' hook that kills code-server's process group (see startCodeServer).
 */
function exitOnInterrupt(): void {
  process.once('SIGINT', () => process.exit(130));
  process.once('SIGTERM', () => process.exit(143));
}

function writeWorkspaceSettings(workspace: string, settings: Record<string, unknown>): void {
  const file = path.join(workspace, '.vscode', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const current = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  fs.writeFileSync(file, `${JSON.stringify({ ...current, ...settings }, null, 2)}\n`);
}

export class Workbench {
  private constructor(
    readonly page: Page,
    readonly sandbox: Sandbox,
    private readonly browser: Browser,
    private readonly server: RunningCodeServer,
  ) {}

  static async launch(options: LaunchOptions): Promise<Workbench> {
    exitOnInterrupt();
    const codeServerRoot = await provisionCodeServer();
    const sandbox = createSandbox(options.workspaceSource);
    let server: RunningCodeServer | undefined;
    try {
      const vsix = await packageVsix({ root: options.extensionRoot, build: options.build, outDir: sandbox.root });
      writeUserSettings(sandbox.profile, { ...TEST_SETTINGS, ...options.settings });
      if (options.workspaceSettings) writeWorkspaceSettings(sandbox.workspace, options.workspaceSettings);
      await installVsix(codeServerRoot, sandbox.profile, vsix);
      server = await startCodeServer(codeServerRoot, {
        profile: sandbox.profile,
        folder: sandbox.workspace,
        port: await findFreePort(8180),
        env: { ...sandbox.env, ...options.serverEnv },
        logFile: path.join(sandbox.root, 'code-server.log'),
      });
      const browser = await chromium.launch({
        executablePath: CHROMIUM_PATH,
        args: CHROMIUM_ARGS,
        env: { ...process.env, ...sandbox.env },
      });
      const page = await browser.newPage({ viewport: options.viewport ?? { width: 1600, height: 1000 } });
      const workbench = new Workbench(page, sandbox, browser, server);
      await workbench.load(server.url);
      return workbench;
    } catch (error) {
      await server?.stop();
      throw new Error(`could not start VS Code; sandbox kept at ${sandbox.root}`, { cause: error });
    }
  }

  private async load(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 30_000 });
    await this.page.locator('.statusbar').waitFor({ timeout: 30_000 });
    await this.page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ timeout: 30_000 });
  }

  /** Closes the browser and kills code-server's process group; keeps the sandbox when asked. */
  async close(options: { keepSandbox?: boolean } = {}): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await this.server.stop();
    if (!options.keepSandbox) this.sandbox.remove();
  }

  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const file = path.join(SCREENSHOT_DIR, `${name}.png`);
    await this.page.screenshot({ path: file });
    return path.relative(REPO_ROOT, file);
  }

  /**
   * Types `query` into a quick input and clicks the row whose text satisfies `matches` (the best
   * fuzzy match is not always the one wanted: "Browse Color Themes" ranks above "Color Theme").
   * `openKey` opens the widget (F1: commands, Ctrl+P: files); without it the widget must be open
   * already (a picker a command opened). An editor or webview that takes focus meanwhile closes the
   * widget, so opening and typing are retried until the row is clicked.
   */
  private async pick(
    openKey: string | undefined,
    query: string,
    what: string,
    matches: (row: QuickInputRow) => boolean,
  ): Promise<void> {
    const input = this.page.locator(QUICK_INPUT);
    // The list re-renders while results arrive (recently opened first, then search results): the
    // row element matched is clicked, and the rows are read again when it was replaced meanwhile.
    await waitFor(
      `${what} among the matches for "${query}"`,
      async () => {
        if (!(await this.typeIntoQuickInput(openKey, query))) return false;
        const row = (await this.quickInputRows()).find(matches);
        return (
          row !== undefined &&
          row.element.click({ timeout: 3_000 }).then(
            () => true,
            () => false,
          )
        );
      },
      {
        intervalMs: 400,
        describeLast: async () =>
          (await input.isVisible())
            ? (await this.quickInputRows()).map((row) => `${row.label} (${row.description})`).join(' | ') || 'no rows'
            : 'the quick input is closed',
      },
    );
  }

  /**
   * One try at getting `query` into the quick input: opens it with `openKey` when it is closed (and
   * reports false then, to be called again), types the query when it differs.
   */
  private async typeIntoQuickInput(openKey: string | undefined, query: string): Promise<boolean> {
    const input = this.page.locator(QUICK_INPUT);
    if (!(await input.isVisible())) {
      if (openKey) await this.page.keyboard.press(openKey);
      return false;
    }
    if ((await input.inputValue().catch(() => '')) === query) return true;
    return input.fill(query, { timeout: 2_000 }).then(
      () => true,
      () => false,
    );
  }

  private async quickInputRows(): Promise<(QuickInputRow & { element: ElementHandle })[]> {
    const rows = await this.page.locator('.quick-input-list .monaco-list-row').elementHandles();
    // Rows are re-rendered while the list filters; a row gone meanwhile reads as empty.
    const text = async (row: ElementHandle, selector: string): Promise<string> =>
      ((await row.$eval(selector, (found) => found.textContent).catch(() => '')) ?? '').trim();
    return Promise.all(
      rows.map(async (element) => ({
        element,
        label: await text(element, '.label-name'),
        description: await text(element, '.label-description'),
      })),
    );
  }

  /** Closes a quick input left open (by a failed step, say). */
  async dismissQuickInput(): Promise<void> {
    if (await this.page.locator(QUICK_INPUT).isVisible()) await this.page.keyboard.press('Escape');
  }

  /** Runs a command by its exact palette title, e.g. "Tensorscope: Train". */
  async runCommand(title: string): Promise<void> {
    await this.pick('F1', `>${title}`, `the command "${title}"`, (row) => row.label === title);
  }

  /**
   * Opens a workspace file with quick open in the first editor group (where the sources are; the
   * group beside holds the panel) and waits until its editor is active and focused.
   */
  async openFile(relativePath: string): Promise<void> {
    const name = path.basename(relativePath);
    const folder = path.basename(path.dirname(relativePath));
    const breadcrumbs = this.page.locator('.editor-group-container.active .breadcrumbs-control');
    // Focus too: editor context keys (editorLangId, which enables Train in the palette) follow it.
    const focused = this.page.locator('.editor-group-container.active .monaco-editor.focused');
    const isActive = async () => {
      const text = (await breadcrumbs.count()) > 0 ? await breadcrumbs.first().innerText() : '';
      return text.includes(folder) && text.includes(name) && (await focused.count()) > 0;
    };
    // A webview that is loading can take focus back right after the file opened; try again then.
    for (let attempt = 1; ; attempt++) {
      await this.runCommand('View: Focus First Editor Group');
      await this.pick(
        'Control+P',
        relativePath,
        `the file ${relativePath}`,
        (row) => row.label === name && row.description === folder,
      );
      try {
        await waitFor(`${relativePath} to be the active editor`, isActive, {
          timeoutMs: 5_000,
          describeLast: () => this.activeTabTitle(),
        });
        return;
      } catch (error) {
        if (attempt === 3) throw error;
      }
    }
  }

  async clearNotifications(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications');
  }

  /** Clears the notifications and hides the bottom panel (Problems, Output), leaving the editors the room. */
  async tidy(): Promise<void> {
    await this.clearNotifications();
    await this.runCommand('View: Hide Panel');
  }

  /** The title of the active tab of the active editor group. */
  async activeTabTitle(): Promise<string> {
    const tab = this.page.locator('.editor-group-container.active .tab.active');
    return (await tab.count()) > 0 ? (await tab.first().innerText()).replace(/\s+/g, ' ').trim() : 'no active tab';
  }

  /**
   * Picks a color theme the way a person does (Preferences: Color Theme), which writes `workbench.colorTheme`.
   * `name` is the setting's value ("Default Dark Modern"); the picker shows it as the row's description.
   */
  async selectColorTheme(name: string): Promise<void> {
    await this.runCommand('Preferences: Color Theme');
    await this.pick(undefined, name, `the theme ${name}`, (row) => row.label === name || row.description === name);
  }

  /**
   * Moves the cursor of the active editor to line:column (1-based) and shows the hover there
   * (Ctrl+K Ctrl+I), then waits until the hover's text matches `expected` (providers answer at
   * different times: TypeScript's part can show before Tensorscope's, a recorded run's after a while).
   */
  async hoverAt(line: number, column: number, expected: RegExp, timeoutMs = 20_000): Promise<string> {
    const query = `:${line}:${column}`;
    await waitFor(`"${query}" in Go to Line`, () => this.typeIntoQuickInput('Control+G', query), {
      timeoutMs: 10_000,
      intervalMs: 400,
    });
    await this.page.locator(QUICK_INPUT).press('Enter');
    const hover = this.page.locator('.monaco-hover:not(.hidden) .hover-contents');
    // Show Hover pressed again while a hover is still being computed hides it: press it only after
    // the last press had time to show something.
    let lastPress = 0;
    return waitFor(
      `a hover at ${line}:${column} matching ${String(expected)}`,
      async () => {
        const shown = (await hover.count()) > 0 ? (await hover.allInnerTexts()).join('\n') : undefined;
        if (shown !== undefined && !/Loading\.\.\./.test(shown) && expected.test(shown)) return shown;
        if (Date.now() - lastPress > 4_000) {
          if (shown !== undefined) await this.page.keyboard.press('Escape');
          await this.page.keyboard.press('Control+K');
          await this.page.keyboard.press('Control+I');
          lastPress = Date.now();
        }
        return undefined;
      },
      {
        timeoutMs,
        intervalMs: 300,
        describeLast: async () =>
          (await this.page
            .locator('.monaco-hover')
            .evaluateAll((hovers) =>
              hovers.map((shown) => `${shown.className}: ${(shown.textContent ?? '').slice(0, 300)}`).join(' || '),
            )) || 'no hover',
      },
    );
  }

  /** Texts of the notification toasts on screen. */
  async notifications(): Promise<string[]> {
    return this.page.locator('.notifications-toasts .notification-toast').allInnerTexts();
  }

  /** Texts of the status bar items. */
  async statusBarItems(): Promise<string[]> {
    return this.page.locator('.statusbar .statusbar-item').allInnerTexts();
  }

  /**
   * Whether the status bar item whose text contains `fragment` shows all of its text (VS Code cuts
   * an item at 40% of the window's width); undefined when there is no such item.
   */
  async statusBarItemFits(fragment: string): Promise<{ fits: boolean; text: string } | undefined> {
    const item = this.page.locator('.statusbar .statusbar-item', { hasText: fragment }).first();
    if ((await item.count()) === 0) return undefined;
    return item.evaluate((element) => ({
      fits: [element, ...element.children].every((part) => part.scrollWidth <= part.clientWidth + 1),
      text: element.textContent ?? '',
    }));
  }

  /** The webview frame (frame URL contains /webview/) that shows `selector`. */
  async webviewFrame(selector: string, timeoutMs = 20_000): Promise<Frame> {
    return waitFor(
      `a webview showing ${selector}`,
      async () => {
        for (const frame of this.page.frames()) {
          if (!frame.url().includes('/webview/')) continue;
          if (await frame.$(selector).catch(() => null)) return frame;
        }
        return undefined;
      },
      { timeoutMs, describeLast: () => `${this.page.frames().length} frames` },
    );
  }

  /** Rows of the Problems view (opened if needed), e.g. "Expected ... Tensorscope(Build error) [Ln 6, Col 3]". */
  async problems(): Promise<string[]> {
    const rows = this.page.locator('.markers-panel .monaco-list-row');
    if (!(await this.page.locator('.markers-panel').isVisible()))
      await this.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    await this.page.locator('.markers-panel').waitFor({ timeout: 10_000 });
    return (await rows.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
  }

  /** Merges `settings` into the workspace's .vscode/settings.json, as a person editing that file does. */
  writeWorkspaceSettings(settings: Record<string, unknown>): void {
    writeWorkspaceSettings(this.sandbox.workspace, settings);
  }

  /** The workbench's theme class: vs (light), vs-dark, hc-black or hc-light. */
  async themeClass(): Promise<string | undefined> {
    const classes = (await this.page.locator('.monaco-workbench').getAttribute('class')) ?? '';
    return classes.split(/\s+/).find((name) => ['vs', 'vs-dark', 'hc-black', 'hc-light'].includes(name));
  }

  /** Left edges of the editor group with a text editor (the source) and of the one whose tab says `panelTitle`. */
  async editorGroupsLeft(panelTitle: string): Promise<{ source?: number; panel?: number }> {
    const left = async (has: string, hasText?: string): Promise<number | undefined> => {
      const group = this.page.locator('.editor-group-container', { has: this.page.locator(has, { hasText }) });
      return (await group.count()) > 0 ? (await group.first().boundingBox())?.x : undefined;
    };
    return { source: await left('.monaco-editor'), panel: await left('.tab', panelTitle) };
  }
}
