/**
 * End-to-end: a sweep from the command palette in a real VS Code (code-server). The HParams view
 * opens and follows it live, shows every trial, and Apply Best writes the winning values into the
 * model file's config. Screenshots: test/e2e/screenshots/sweep-*.png.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { REPO_ROOT } from '../../scripts/vscode/vsix';
import { listSweepDirs, readSweep } from '../../extension/sweep/sweepStore';
import { spiralSweepModel } from '../fixtures/spiralSweep';
import { findProcesses } from './harness/processes';
import { step } from './harness/steps';
import { waitFor } from './harness/wait';
import { Workbench } from './harness/workbench';

const MODEL = 'spiral-sweep/model.ts';
const TRIALS = 4;
const SWEEP = `{
  metric: 'val_loss',
  method: 'random',
  trials: ${TRIALS},
  parameters: { learningRate: { min: 0.001, max: 0.05, scale: 'log' }, units: [8, 32] },
  earlyStopping: { method: 'asha', minEpochs: 2, reductionFactor: 2 },
}`;

describe('Sweeps in VS Code (code-server)', () => {
  let workbench: Workbench;
  let failed = false;
  const source = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorscope-e2e-sweep-src-'));

  const e2e = (name: string, action: () => Promise<void>): void => {
    test(name, async () => {
      try {
        await step(workbench, name, action);
      } catch (error) {
        failed = true;
        throw error;
      }
    });
  };

  before(async () => {
    fs.mkdirSync(path.join(source, path.dirname(MODEL)));
    fs.writeFileSync(path.join(source, MODEL), spiralSweepModel(SWEEP));
    workbench = await Workbench.launch({
      workspaceSource: source,
      serverEnv: { TENSORSCOPE_NATIVE_DIR: REPO_ROOT },
      settings: { 'tensorscope.epochs': 6, 'workbench.colorTheme': 'Default Dark Modern' },
      viewport: { width: 1600, height: 1000 },
    });
  });

  after(async () => {
    fs.rmSync(source, { recursive: true, force: true });
    if (!workbench) return;
    await workbench.close({ keepSandbox: failed });
    if (failed) console.log(`e2e: sandbox kept for inspection: ${workbench.sandbox.root} (code-server.log)`);
  });

  e2e('sweep-01-palette-sweep-hparams', async () => {
    await workbench.openFile(MODEL);
    await workbench.runCommand('Tensorscope: Run Sweep');
    const view = await workbench.webviewFrame('main.hparams', 60_000);
    const rows = view.locator('table.trial-table tbody tr');
    await waitFor(`${TRIALS} trials in the table`, async () => (await rows.count()) === TRIALS, {
      timeoutMs: 60_000,
      describeLast: async () => `${await rows.count()} rows`,
    });
    const summary = view.locator('.sweep-summary');
    await waitFor('the sweep to complete in the view', async () => /: completed, /.test(await summary.innerText()), {
      timeoutMs: 240_000,
      intervalMs: 1_000,
      describeLast: () => summary.innerText(),
    });
    const [sweepDir] = listSweepDirs(workbench.sandbox.workspace);
    assert.ok(sweepDir, 'sweep.json in the workspace');
    const record = readSweep(sweepDir);
    assert.equal(record.status, 'completed');
    assert.ok(record.best, 'a best trial');
    assert.match(await summary.innerText(), new RegExp(`Best: trial ${record.best.index + 1}, validation loss`));
    assert.equal(await view.locator('polyline.trial-line').count(), TRIALS, 'one line per trial');
    assert.equal(await view.locator('.scatter-grid svg').count(), 2, 'one scatter per parameter');
    assert.equal(await view.locator('tr.best').count(), 1);
    assert.ok(
      (await view.locator('th').allInnerTexts()).some((text) => text.includes('validation loss')),
      'the metric column named in words',
    );
    const pruned = record.trials.filter((t) => t.state === 'pruned').length;
    assert.equal(await view.locator('.trial-pruned').count(), pruned, 'early-stopped trials marked in the table');
    await waitFor(
      'the best trial’s curve',
      async () => (await view.locator('figure.chart .chart-plot canvas').count()) > 0,
    );
    assert.deepEqual(findProcesses('dist/trainer.js', workbench.sandbox.profile.extensionsDir), [], 'no trainer left');
  });

  e2e('sweep-02-apply-best', async () => {
    const view = await workbench.webviewFrame('main.hparams');
    const record = readSweep(listSweepDirs(workbench.sandbox.workspace)[0] as string);
    await view.getByRole('button', { name: 'Apply Best to config' }).click();
    const file = path.join(workbench.sandbox.workspace, MODEL);
    const best = record.best?.params ?? {};
    await waitFor('the best units in the editor', async () => {
      await workbench.runCommand('File: Save');
      return fs.readFileSync(file, 'utf8').includes(`units: ${String(best.units)},`);
    });
    const config = /export const config = \{[\s\S]*?\n\};/.exec(fs.readFileSync(file, 'utf8'))?.[0] ?? '';
    assert.match(config, new RegExp(`learningRate: ${Number((best.learningRate as number).toPrecision(4))},`));
  });
});
