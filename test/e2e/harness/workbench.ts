/**
 * Drives VS Code (code-server) in headless Chromium: the extension packaged as a .vsix and installed
 * into a fresh profile, a workspace copied into a sandbox, and small helpers for what a person does
 * (command palette, quick open, reading notifications, the status bar and webview content).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
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

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

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

export interface LaunchOptions {
  /** Folder copied into the sandbox and opened as the workspace. */
  workspaceSource: string;
  /** The extension to package and install (default: this repository). */
  extensionRoot?: string;
  /** Run the production build before packaging (default true). */
  build?: boolean;
  /** Extra environment for code-server and so for the extension host and its children. */
  serverEnv?: NodeJS.ProcessEnv;
  viewport?: { width: number; height: number };
}

export class Workbench {
  private constructor(
    readonly page: Page,
    readonly sandbox: Sandbox,
    private readonly browser: Browser,
    private readonly server: RunningCodeServer,
  ) {}

  static async launch(options: LaunchOptions): Promise<Workbench> {
    const codeServerRoot = await provisionCodeServer();
    const sandbox = createSandbox(options.workspaceSource);
    let server: RunningCodeServer | undefined;
    try {
      const vsix = await packageVsix({ root: options.extensionRoot, build: options.build, outDir: sandbox.root });
      writeUserSettings(sandbox.profile, TEST_SETTINGS);
      await installVsix(codeServerRoot, sandbox.profile, vsix);
      server = await startCodeServer(codeServerRoot, {
        profile: sandbox.profile,
        folder: sandbox.workspace,
        port: await findFreePort(8180),
        env: { ...sandbox.env, ...options.serverEnv },
        logFile: path.join(sandbox.root, 'code-server.log'),
      });
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
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
   * Opens a quick input (F1: commands, Ctrl+P: files) and picks the row matching `label`. A webview
   * that is still loading can take focus and close the widget, so opening is retried.
   */
  private async pick(key: string, query: string, label: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget input.input');
    await waitFor(
      `the quick input (${key}) to open`,
      async () => {
        if (!(await input.isVisible())) await this.page.keyboard.press(key);
        return input.isVisible();
      },
      { timeoutMs: 10_000, intervalMs: 700 },
    );
    await input.fill(query);
    const focused = this.page.locator('.quick-input-list .monaco-list-row.focused');
    await waitFor(
      `"${label}" to be the first match for "${query}"`,
      async () => (await focused.count()) > 0 && (await focused.first().innerText()).includes(label),
      { describeLast: async () => ((await focused.count()) > 0 ? focused.first().innerText() : 'no rows') },
    );
    await this.page.keyboard.press('Enter');
  }

  /** Runs a command by its palette title, e.g. "Tensorscope: Train". */
  async runCommand(title: string): Promise<void> {
    await this.pick('F1', `>${title}`, title);
  }

  /** Opens a workspace file with quick open and waits until its editor tab is active. */
  async openFile(relativePath: string): Promise<void> {
    const name = path.basename(relativePath);
    await this.pick('Control+P', relativePath, name);
    await this.page
      .locator('.editor-group-container.active .tab.active', { hasText: name })
      .waitFor({ timeout: 10_000 });
  }

  /** Texts of the notification toasts on screen. */
  async notifications(): Promise<string[]> {
    return this.page.locator('.notifications-toasts .notification-toast').allInnerTexts();
  }

  /** Texts of the status bar items. */
  async statusBarItems(): Promise<string[]> {
    return this.page.locator('.statusbar .statusbar-item').allInnerTexts();
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

  /** Merges settings into the user's settings.json; VS Code applies them live. */
  updateSettings(settings: Record<string, unknown>): void {
    writeUserSettings(this.sandbox.profile, settings);
  }
}
