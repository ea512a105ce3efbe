/**
 * End-to-end: the packaged extension in a real VS Code (code-server) driven by headless Chromium.
 * Each step saves test/e2e/screenshots/<step>.png and, when it fails, names itself and that file.
 * The steps share one VS Code window and run in order; later steps build on the run the first starts.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO_ROOT } from '../../scripts/vscode/vsix';
import { LossPanelView } from './harness/lossPanel';
import { findProcesses } from './harness/processes';
import { epochRecords, newestRun, runBatchSize, runDirs, runStatus } from './harness/runFiles';
import { RunsView } from './harness/runsView';
import { e2eSteps } from './harness/steps';
import { waitFor } from './harness/wait';
import { Workbench } from './harness/workbench';

const MODEL = 'mlp-synthetic/model.ts';
const BROKEN_MODEL = 'broken/model.ts';
/** The hover step looks at the first layer the example constructs. */
const FIRST_LAYER = { text: 'tf.layers.dense(', token: 'dense' };
/** TypeScript's own hover on this call shows its signature only when the tfjs types resolve. */
const TYPED_CALL = { text: 'tf.sequential(', token: 'sequential' };
const TYPED_SIGNATURE = /sequential\(config\?: (tf\.)?SequentialArgs\): (tf\.)?Sequential/;
/** The example's three spiral arms. */
const SPIRAL_CLASSES = 3;
/** The second training run differs from the first in this setting, so Compare has a difference to mark. */
const SECOND_BATCH_SIZE = 64;
/** Training steps wanted before pausing, and how long a paused run is watched for not advancing. */
const STEPS_BEFORE_PAUSE = 20;
const PAUSE_WATCH_MS = 2_000;
/** Line 6 of BROKEN_SOURCE has an unclosed call; the trainer's build must point there. */
const BROKEN_LINE = 6;
const BROKEN_SOURCE = `import * as tf from '@tensorflow/tfjs';

export function createModel(): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [2], units: 8, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 2, activation: 'softmax' ));
  return model;
}
`;

/** Dark last: the run starts in dark, and the later steps (and README images) are in it again. */
const THEMES = [
  { name: 'light', setting: 'Default Light Modern', workbenchClass: 'vs', webviewClass: 'vscode-light' },
  {
    name: 'high-contrast',
    setting: 'Default High Contrast',
    workbenchClass: 'hc-black',
    webviewClass: 'vscode-high-contrast',
  },
  { name: 'dark', setting: 'Default Dark Modern', workbenchClass: 'vs-dark', webviewClass: 'vscode-dark' },
] as const;
const EPOCHS = 500;
/** WCAG AA for normal text. */
const MIN_CONTRAST = 4.5;
/** WCAG AA for graphical objects (a legend swatch). */
const MIN_GRAPHIC_CONTRAST = 3;
const RAW_SERIES = 'training loss (batch, raw)';

describe('Tensorscope in VS Code (code-server)', () => {
  let workbench: Workbench;
  let panel: LossPanelView;
  /** Runs are stored in the model file's workspace folder. */
  const latestRun = (): string | undefined => newestRun(workbench.sandbox.workspace);
  const trainers = (): number[] =>
    findProcesses('dist/trainer.js', workbench.sandbox.profile.extensionsDir).map((found) => found.pid);
  const sourceLines = (file: string): string[] =>
    fs.readFileSync(path.join(workbench.sandbox.workspace, file), 'utf8').split('\n');
  /** Line and column (1-based) of `token` within the first line of MODEL containing `text`. */
  const positionIn = (file: string, { text, token }: { text: string; token: string }) => {
    const source = sourceLines(file);
    const index = source.findIndex((line) => line.includes(text));
    assert.ok(index >= 0, `${file} should contain ${text}`);
    return { line: index + 1, column: (source[index] ?? '').indexOf(text) + text.indexOf(token) + 1 };
  };

  const steps = e2eSteps(() => workbench);
  const e2e = steps.define;

  before(async () => {
    workbench = await Workbench.launch({
      workspaceSource: path.join(REPO_ROOT, 'examples'),
      // The vsix never ships tfjs-node; the trainer finds the checkout's native build here.
      serverEnv: { TENSORSCOPE_NATIVE_DIR: REPO_ROOT },
      // Long enough that Stop always lands mid-run.
      settings: { 'tensorscope.epochs': EPOCHS, 'workbench.colorTheme': 'Default Dark Modern' },
      // Step 08 changes the batch size here; the file exists from the start so the change is seen at once.
      workspaceSettings: {},
    });
  });

  after(() => steps.close());

  e2e('01-open-model', async () => {
    await workbench.openFile(MODEL);
  });

  e2e('02-train-loss-falls', async () => {
    await workbench.runCommand('Tensorscope: Train');
    panel = await LossPanelView.find(workbench);
    await panel.waitForStatus('Running');
    const epoch = await waitFor(
      'five epochs in the panel header',
      async () => {
        const current = await panel.epoch();
        return current && current.done >= 5 ? current : undefined;
      },
      { timeoutMs: 60_000, describeLast: () => panel.headerText() },
    );
    assert.equal(epoch.total, EPOCHS, `the header should count to the epochs setting: ${await panel.headerText()}`);

    const groups = await workbench.editorGroupsLeft('Tensorscope');
    assert.ok(
      groups.source !== undefined && groups.panel !== undefined && groups.panel > groups.source,
      `the panel should open in a group right of the source (source x=${groups.source}, panel x=${groups.panel})`,
    );

    const runDir = await waitFor('a run folder in the workspace', latestRun);
    const firstEpoch = epochRecords(runDir).at(0);
    const shown = await panel.legendValue('training loss (epoch)');
    assert.ok(firstEpoch, `expected epoch records in ${runDir}/metrics.jsonl`);
    assert.ok(
      shown !== undefined && shown < firstEpoch.loss,
      `the panel's epoch loss (${shown}) should be below the first epoch's (${firstEpoch.loss})`,
    );

    const status = await workbench.statusBarItems();
    assert.ok(
      status.some((text) => new RegExp(`epoch \\d+/${EPOCHS}`).test(text)),
      `the status bar should show the run's epoch; items: ${status.join(' | ')}`,
    );
  });

  e2e('03-stop-from-panel', async () => {
    assert.ok(trainers().length > 0, 'a trainer process should be running before Stop');
    await panel.clickStop();
    await panel.waitForStatus('Stopped');
    const runDir = latestRun() ?? '(none)';
    await waitFor(`run.json in ${runDir} to say stopped`, () => runStatus(runDir) === 'stopped', {
      describeLast: () => String(runStatus(runDir)),
    });
    await waitFor('no trainer process left', () => trainers().length === 0, {
      timeoutMs: 10_000,
      describeLast: () => `pids ${trainers().join(', ')}`,
    });
    await waitFor('the status bar to say stopped', async () =>
      (await workbench.statusBarItems()).some((text) => text.includes('stopped')),
    );
  });

  e2e('04-hover-layer', async () => {
    await workbench.openFile(MODEL); // focuses the source editor (the Stop click left focus in the panel)
    const { line, column } = positionIn(MODEL, FIRST_LAYER);
    const card = await workbench.hoverAt(line, column, /Output .*\d+ params/s);
    assert.match(card, /Dense/, `the hover should name the layer class: ${card}`);
    assert.match(card, /Output .*\d+ params/s, `the hover should show output shape and parameters: ${card}`);
  });

  for (const theme of THEMES) {
    e2e(`05-theme-${theme.name}`, async () => {
      await workbench.selectColorTheme(theme.setting);
      await waitFor(`the workbench theme ${theme.workbenchClass}`, async () => {
        return (await workbench.themeClass()) === theme.workbenchClass;
      });
      await waitFor(
        `the panel theme ${theme.webviewClass}`,
        async () => (await panel.themeKind()).split(/\s+/).includes(theme.webviewClass),
        { describeLast: () => panel.themeKind() },
      );
      const { contrast, foreground, background } = await panel.readability();
      assert.ok(
        contrast >= MIN_CONTRAST,
        `header text ${foreground} on ${background} has contrast ${contrast.toFixed(2)} < ${MIN_CONTRAST}`,
      );
      const swatch = await panel.swatchContrast(RAW_SERIES);
      assert.ok(
        swatch.contrast >= MIN_GRAPHIC_CONTRAST,
        `the "${RAW_SERIES}" legend swatch ${swatch.foreground} on ${swatch.background} has contrast ` +
          `${swatch.contrast.toFixed(2)} < ${MIN_GRAPHIC_CONTRAST}`,
      );
    });
  }

  e2e('06-broken-model-diagnostic', async () => {
    const file = path.join(workbench.sandbox.workspace, BROKEN_MODEL);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, BROKEN_SOURCE);
    await workbench.openFile(BROKEN_MODEL);
    await workbench.runCommand('Tensorscope: Train');
    const notifications = async (): Promise<string> => (await workbench.notifications()).join(' | ') || 'none';
    const toast = await waitFor(
      'an error notification from Tensorscope',
      async () => (await workbench.notifications()).find((text) => text.includes('Tensorscope')),
      { timeoutMs: 30_000, describeLast: notifications },
    );
    assert.match(toast, /model\.ts/, `the notification should name the file: ${toast}`);
    const problems = async (): Promise<string> => (await workbench.problems()).join(' | ') || 'no problems';
    await waitFor(
      `a Tensorscope problem on line ${BROKEN_LINE}`,
      async () =>
        (await workbench.problems()).some((row) => row.includes('Tensorscope') && row.includes(`Ln ${BROKEN_LINE},`)),
      { describeLast: problems },
    );

    // The panel shows only what a run that never trained has: name, badge, error, Train again.
    panel = await LossPanelView.find(workbench);
    await panel.waitForStatus('Failed');
    const header = await panel.headerText();
    assert.match(header, new RegExp(`model\\.ts:${BROKEN_LINE}:`), `the error should link its line: ${header}`);
    assert.doesNotMatch(header, /Epoch|samples\/s|backend –/, `no empty figures for a run that never trained`);
    assert.deepEqual(await panel.visibleButtons(), ['Train again'], `only Train again should be offered: ${header}`);
    assert.deepEqual(await panel.visibleCharts(), [], 'no empty charts for a run that never trained');
    assert.equal(await panel.isVisible('.controls'), false, 'no chart settings without charts');
  });

  e2e('07-no-type-errors', async () => {
    await workbench.openFile(MODEL);
    const { line, column } = positionIn(MODEL, TYPED_CALL);
    // The TypeScript server loads the extension's plugin with the project; give it a few seconds.
    await workbench.hoverAt(line, column, TYPED_SIGNATURE, 40_000);
    const missing = (await workbench.problems()).filter((row) => row.includes('Cannot find module'));
    assert.deepEqual(missing, [], `no "Cannot find module" problem (the workspace copy has no node_modules)`);
  });

  e2e('08-pause-continue', async () => {
    await workbench.tidy(); // the Problems view and the build error's toast are done with
    const firstRun = latestRun();
    workbench.writeWorkspaceSettings({ 'tensorscope.batchSize': SECOND_BATCH_SIZE });
    await sleep(1_000); // VS Code reads the changed settings file
    await workbench.openFile(MODEL);
    await workbench.runCommand('Tensorscope: Train');
    const runDir = await waitFor('a new run folder', () => latestRun() !== firstRun && latestRun());
    const batchSize = await waitFor('the run config in run.json', () => runBatchSize(runDir));
    assert.equal(batchSize, SECOND_BATCH_SIZE, `the workspace setting should set the batch size (${runDir})`);
    panel = await LossPanelView.find(workbench);
    await panel.waitForStatus('Running');
    const step = async (): Promise<number> => (await panel.step()) ?? 0;
    const describeStep = async (): Promise<string> => `step ${await step()}; ${await panel.headerText()}`;
    await waitFor(`step ${STEPS_BEFORE_PAUSE} in the panel`, async () => (await step()) >= STEPS_BEFORE_PAUSE, {
      timeoutMs: 60_000,
      describeLast: describeStep,
    });

    await panel.clickPause();
    await panel.waitForStatus('Paused');
    const pausedAt = await step();
    await sleep(PAUSE_WATCH_MS);
    assert.equal(await step(), pausedAt, `the step counter should stand still while paused`);

    await panel.clickContinue();
    await panel.waitForStatus('Running');
    await waitFor('the step counter to advance after Continue', async () => (await step()) > pausedAt, {
      describeLast: describeStep,
    });
    await panel.clickStop();
    await panel.waitForStatus('Stopped');
  });

  // Before Evaluate: an evaluation run empties the inspector's training samples (reported).
  e2e('09-inspector', async () => {
    await workbench.openFile(MODEL);
    await workbench.runCommand('Tensorscope: Show Inspector');
    const inspector = await workbench.webviewFrame('main.inspector');
    const layers = sourceLines(MODEL).filter((line) => line.includes('model.add(')).length;
    const boxes = inspector.locator('#graph .layer-box');
    await waitFor(
      `${layers} layer boxes in the inspector's model graph`,
      async () => (await boxes.count()) === layers,
      {
        describeLast: async () => `${await boxes.count()} boxes`,
      },
    );
    await waitFor('the gradient-flow chart', () => inspector.locator('#gradients canvas').first().isVisible());
    // Opened right of the loss panel, not as a tab over it: both stay in view.
    const lossPanel = await workbench.editorGroupsLeft('Tensorscope: mlp-synthetic');
    const inspectorGroup = await workbench.editorGroupsLeft('Tensorscope Inspector');
    assert.ok(
      lossPanel.panel !== undefined && inspectorGroup.panel !== undefined && inspectorGroup.panel > lossPanel.panel,
      `the inspector (x=${inspectorGroup.panel}) should open right of the loss panel (x=${lossPanel.panel})`,
    );
    await LossPanelView.find(workbench, 5_000);
  });

  e2e('10-evaluate', async () => {
    // Focus the loss panel (the inspector beside it was the last opened).
    await workbench.runCommand('Tensorscope: Show Loss Panel');
    panel = await LossPanelView.find(workbench);
    await panel.waitForStatus('Stopped');
    await panel.clickEvaluate();
    const matrix = await waitFor('the evaluation section with a confusion matrix', () => panel.confusionMatrix(), {
      timeoutMs: 60_000,
      describeLast: () => panel.headerText(),
    });
    assert.equal(matrix.classes, SPIRAL_CLASSES, `one row per spiral arm`);
    assert.equal(matrix.counts.length, SPIRAL_CLASSES ** 2, 'a count per true and predicted class');
    assert.ok(
      matrix.counts.reduce((sum, count) => sum + count, 0) > 0,
      `the matrix should count test examples: ${matrix.counts.join(' ')}`,
    );
    await workbench.clearNotifications(); // the evaluation's toast would cover the section in the screenshot
  });

  e2e('11-run-history-compare', async () => {
    const view = await RunsView.open(workbench);
    const runs = await view.runsOf(MODEL);
    const trained = runs.filter((run) => /(^| · )loss \d/.test(run.description));
    assert.ok(
      trained.length >= 2,
      `two trained runs of ${MODEL} should be listed: ${runs.map((run) => run.description).join(' | ')}`,
    );
    await view.compare(trained.slice(0, 2).map((run) => run.index));
    const compare = await workbench.webviewFrame('main.compare');
    const legend = compare.locator('.run-legend li');
    await waitFor('two runs in the Compare legend', async () => (await legend.count()) === 2, {
      describeLast: async () => (await legend.allInnerTexts()).join(' | ') || 'none',
    });
    await waitFor('a cell marked as differing in the Compare table', async () => {
      return (await compare.locator('table.compare-table td.mark-differs').count()) > 0;
    });
  });

  e2e('12-resume', async () => {
    // The stopped run continues in its own folder from its last checkpoint: same run, more steps.
    const runsBefore = runDirs(workbench.sandbox.workspace).length;
    await workbench.runCommand('Tensorscope: Show Loss Panel');
    panel = await LossPanelView.find(workbench);
    await panel.waitForStatus('Stopped');
    const stoppedAt = (await panel.step()) ?? 0;
    await panel.clickResume();
    await panel.waitForStatus('Running', 60_000);
    await waitFor(
      'the step counter to pass where the run stopped',
      async () => ((await panel.step()) ?? 0) > stoppedAt,
      {
        timeoutMs: 60_000,
        describeLast: () => panel.headerText(),
      },
    );
    assert.equal(runDirs(workbench.sandbox.workspace).length, runsBefore, 'a resume continues its run folder');
    await panel.clickStop();
    await panel.waitForStatus('Stopped');
  });
});
