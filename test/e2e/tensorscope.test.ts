/**
 * End-to-end: the packaged extension in a real VS Code (code-server) driven by headless Chromium.
 * Each step saves test/e2e/screenshots/<step>.png and, when it fails, names itself and that file.
 * The steps share one VS Code window and run in order; later steps build on the run the first starts.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { REPO_ROOT } from '../../scripts/vscode/vsix';
import { LossPanelView } from './harness/lossPanel';
import { findProcesses } from './harness/processes';
import { epochRecords, newestRun, runStatus } from './harness/runFiles';
import { step } from './harness/steps';
import { waitFor } from './harness/wait';
import { Workbench } from './harness/workbench';

const MODEL = 'mlp-synthetic/model.ts';
const BROKEN_MODEL = 'broken/model.ts';
/** The hover step looks at the first layer the example constructs. */
const FIRST_LAYER = 'tf.layers.dense(';
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

const THEMES = [
  { name: 'dark', setting: 'Default Dark Modern', workbenchClass: 'vs-dark', webviewClass: 'vscode-dark' },
  { name: 'light', setting: 'Default Light Modern', workbenchClass: 'vs', webviewClass: 'vscode-light' },
  {
    name: 'high-contrast',
    setting: 'Default High Contrast',
    workbenchClass: 'hc-black',
    webviewClass: 'vscode-high-contrast',
  },
] as const;
const EPOCHS = 500;
/** WCAG AA for normal text. */
const MIN_CONTRAST = 4.5;

describe('Tensorscope in VS Code (code-server)', () => {
  let workbench: Workbench;
  let panel: LossPanelView;
  let failures = 0;
  /** Runs are stored in the model file's workspace folder. */
  const latestRun = (): string | undefined => newestRun(workbench.sandbox.workspace);
  const trainers = (): number[] =>
    findProcesses('dist/trainer.js', workbench.sandbox.profile.extensionsDir).map((found) => found.pid);

  /** A node:test case that runs `action` as one screenshotted e2e step. */
  const e2e = (name: string, action: () => Promise<void>): void => {
    test(name, async () => {
      try {
        await step(workbench, name, action);
      } catch (error) {
        failures++;
        throw error;
      }
    });
  };

  before(async () => {
    workbench = await Workbench.launch({
      workspaceSource: path.join(REPO_ROOT, 'examples'),
      // The vsix never ships tfjs-node; the trainer finds the checkout's native build here.
      serverEnv: { TENSORSCOPE_NATIVE_DIR: REPO_ROOT },
      // Long enough that Stop always lands mid-run.
      settings: { 'tensorscope.epochs': EPOCHS, 'workbench.colorTheme': 'Default Dark Modern' },
    });
  });

  after(async () => {
    if (!workbench) return;
    const keepSandbox = failures > 0;
    await workbench.close({ keepSandbox });
    if (keepSandbox) console.log(`e2e: sandbox kept for inspection: ${workbench.sandbox.root} (code-server.log)`);
  });

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
    const shown = await panel.legendValue('loss · epoch');
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
    const source = fs.readFileSync(path.join(workbench.sandbox.workspace, MODEL), 'utf8').split('\n');
    const index = source.findIndex((text) => text.includes(FIRST_LAYER));
    assert.ok(index >= 0, `${MODEL} should construct a layer with ${FIRST_LAYER}`);
    const column = (source[index] ?? '').indexOf(FIRST_LAYER) + FIRST_LAYER.indexOf('dense') + 1;
    const card = await workbench.hoverAt(index + 1, column);
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
  });
});
