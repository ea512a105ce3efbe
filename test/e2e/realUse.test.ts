/**
 * End-to-end: code written the way users write it (test/e2e/workspaces/real-use): a classifier
 * whose network is built in a helper file and fed by a batched tf.data pipeline, and a training
 * script with its own command line (`tensorscope.scriptArguments`). Looks at the panel after a run
 * and its evaluation, the hover cards in the helper file, Run History with the newest evaluation,
 * Compare of two runs, keyboard focus in the panel, chart legends toggled from the keyboard and the
 * high-contrast theme. Screenshots:
 * test/e2e/screenshots/real-*.png.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe } from 'node:test';
import { REPO_ROOT } from '../../scripts/vscode/vsix';
import { contrastRatio, LossPanelView } from './harness/lossPanel';
import { RunsView } from './harness/runsView';
import { e2eSteps } from './harness/steps';
import { waitFor } from './harness/wait';
import { Workbench } from './harness/workbench';

const CLASSIFIER = 'classifier/model.ts';
const HELPER = 'classifier/layers.ts';
const SCRIPT = 'script-args/train.ts';
/** The helper's line that builds one dense layer per call (called twice). */
const HELPER_DENSE = { text: 'model.add(tf.layers.dense({ units, activation', token: 'dense' };
const SCRIPT_EPOCHS = 3;
/** WCAG AA for normal text. */
const MIN_CONTRAST = 4.5;

describe('models written as users write them (code-server)', () => {
  let workbench: Workbench;
  let panel: LossPanelView;
  const steps = e2eSteps(() => workbench);
  const e2e = steps.define;
  const settle = (ms = 800) => new Promise((resolve) => setTimeout(resolve, ms));

  const positionIn = (file: string, { text, token }: { text: string; token: string }) => {
    const lines = fs.readFileSync(path.join(workbench.sandbox.workspace, file), 'utf8').split('\n');
    const index = lines.findIndex((line) => line.includes(text));
    assert.ok(index >= 0, `${file} should contain ${text}`);
    return { line: index + 1, column: (lines[index] ?? '').indexOf(text) + text.indexOf(token) + 1 };
  };

  /** Trains `file` and waits for the panel to show that file's run completed. */
  const trainToEnd = async (file: string): Promise<void> => {
    await workbench.openFile(file);
    await workbench.runCommand('Tensorscope: Train');
    panel = await LossPanelView.find(workbench);
    await waitFor(
      `${file} trained to the end`,
      async () => /Completed/.test(await panel.headerText()) && (await panel.headerText()).startsWith(file),
      {
        timeoutMs: 120_000,
        describeLast: () => panel.headerText(),
      },
    );
  };

  before(async () => {
    workbench = await Workbench.launch({
      workspaceSource: path.join(REPO_ROOT, 'test', 'e2e', 'workspaces', 'real-use'),
      serverEnv: { TENSORSCOPE_NATIVE_DIR: REPO_ROOT },
      settings: { 'workbench.colorTheme': 'Default Dark Modern' },
      workspaceSettings: { 'tensorscope.scriptArguments': ['--epochs', String(SCRIPT_EPOCHS), '--units', '4'] },
      viewport: { width: 1440, height: 900 },
    });
  });

  after(() => steps.close());

  e2e('real-01-classifier-trained-and-evaluated', async () => {
    await trainToEnd(CLASSIFIER);
    await panel.clickEvaluate();
    await waitFor('the evaluation section', () => panel.confusionMatrix(), { timeoutMs: 60_000 });
    const meta = await panel.text('section.evaluation .evaluation-meta');
    assert.match(meta, /^test split · best checkpoint · /, `the evaluation says what it scored in words: ${meta}`);
    await workbench.clearNotifications();
  });

  e2e('real-02-helper-file-hover', async () => {
    await workbench.openFile(HELPER);
    const { line, column } = positionIn(HELPER, HELPER_DENSE);
    const card = await workbench.hoverAt(line, column, /Dense/);
    assert.match(card, /Dense/, `the helper's line should show the layers it built: ${card}`);
  });

  e2e('real-03-panel-keyboard-focus', async () => {
    await workbench.page.keyboard.press('Escape');
    await workbench.runCommand('Tensorscope: Show Loss Panel');
    panel = await LossPanelView.find(workbench);
    await panel.focusHeading();
    const rings: string[] = [];
    for (let i = 0; i < 6; i++) {
      await workbench.page.keyboard.press('Tab');
      const focused = await panel.focusRing();
      // Past the header's controls, Tab reaches the chart legend's series toggles.
      if (focused?.name.startsWith('th ') && !rings.some((ring) => ring.startsWith('th ')))
        await workbench.screenshot('real-03-focus-on-legend');
      if (focused) rings.push(`${focused.name}: ${focused.ring}`);
      if (focused?.name.includes('Evaluate')) await workbench.screenshot('real-03-focus-on-evaluate');
    }
    await settle(300);
    console.log(`e2e: focus rings in the panel: ${rings.join(' | ')}`);
    assert.ok(rings.length > 0, 'Tab should reach the panel controls');
    const missing = rings.filter((ring) => ring.endsWith(': none'));
    assert.deepEqual(missing, [], `every focused control shows a focus ring: ${rings.join(' | ')}`);
  });

  e2e('real-04-high-contrast', async () => {
    await workbench.selectColorTheme('Default High Contrast');
    await waitFor('the panel in high contrast', async () => (await panel.themeKind()).includes('vscode-high-contrast'));
    await settle();
  });

  e2e('real-05-script-with-own-arguments', async () => {
    await workbench.selectColorTheme('Default Dark Modern');
    await trainToEnd(SCRIPT);
    const epoch = await panel.epoch();
    assert.equal(epoch?.total, SCRIPT_EPOCHS, `the script's own --epochs should reach it: ${await panel.headerText()}`);
    // A script owns its loop: the panel offers Train again, not Evaluate (which would only be refused).
    assert.deepEqual(await panel.visibleButtons(), ['Train again']);
  });

  e2e('real-06-run-history-and-compare', async () => {
    // A second run of the classifier, so that Compare has two of them.
    await trainToEnd(CLASSIFIER);
    const view = await RunsView.open(workbench);
    const runs = await view.runsOf(CLASSIFIER);
    assert.ok(runs.length >= 2, `two runs of the classifier: ${runs.map((run) => run.description).join(' | ')}`);
    assert.ok(
      runs.some((run) => /^test acc /.test(run.description)),
      `the evaluated run shows its evaluation: ${runs.map((run) => run.description).join(' | ')}`,
    );
    await workbench.screenshot('real-06-run-history');
    await view.compare(runs.slice(0, 2).map((run) => run.index));
    const compare = await workbench.webviewFrame('main.compare');
    await waitFor(
      'two runs in the Compare legend',
      async () => (await compare.locator('.run-legend li').count()) === 2,
    );
    await settle();
    await workbench.screenshot('real-06-compare-charts');
    // The table of configs and results, with the newest evaluation of each run.
    await compare.locator('table.compare-table').last().scrollIntoViewIfNeeded();
    await settle(300);
  });

  e2e('real-07-compare-light', async () => {
    workbench.writeWorkspaceSettings({ 'workbench.colorTheme': 'Default Light Modern' });
    await waitFor('the workbench in the light theme', async () => (await workbench.themeClass()) === 'vs');
    await settle();
    // The best value in a row is marked by a green star; its text stays as readable as the rest.
    const compare = await workbench.webviewFrame('main.compare');
    const colors = await compare
      .locator('table.compare-table td.mark-best')
      .first()
      .evaluate((cell) => {
        const { getComputedStyle } = globalThis as unknown as {
          getComputedStyle(element: unknown): { color: string; getPropertyValue(name: string): string };
        };
        const root = (cell as unknown as { ownerDocument: { documentElement: unknown } }).ownerDocument.documentElement;
        return {
          foreground: getComputedStyle(cell).color,
          background: getComputedStyle(root).getPropertyValue('--vscode-editor-background').trim(),
        };
      });
    const contrast = contrastRatio(colors.foreground, colors.background);
    assert.ok(
      contrast >= MIN_CONTRAST,
      `the best-value mark ${JSON.stringify(colors)} has contrast ${contrast.toFixed(2)}`,
    );
  });

  e2e('real-08-chart-legend-keyboard', async () => {
    // A chart legend's series toggles from the keyboard (Space hides, Enter shows) and says which it is.
    const compare = await workbench.webviewFrame('main.compare');
    const toggle = compare.locator('figure.chart .u-legend tr.u-series th[role="button"]').first();
    await toggle.scrollIntoViewIfNeeded();
    await toggle.focus();
    const pressed = () => toggle.getAttribute('aria-pressed');
    assert.equal(await pressed(), 'true', 'a shown series is a pressed toggle');
    await workbench.page.keyboard.press('Space');
    await waitFor('the series hidden from the keyboard', async () => (await pressed()) === 'false', {
      describeLast: async () => `aria-pressed ${await pressed()}`,
    });
    const ring = await toggle.evaluate((element) => {
      const { getComputedStyle } = globalThis as unknown as {
        getComputedStyle(element: unknown): { outlineStyle: string; outlineWidth: string };
      };
      const style = getComputedStyle(element);
      return `${style.outlineStyle} ${style.outlineWidth}`;
    });
    assert.match(ring, /^solid 1px$/, `the focused toggle shows a focus ring: ${ring}`);
    await workbench.screenshot('real-08-legend-series-hidden');
    await workbench.page.keyboard.press('Enter');
    await waitFor('the series shown again', async () => (await pressed()) === 'true', {
      describeLast: async () => `aria-pressed ${await pressed()}`,
    });
  });
});
