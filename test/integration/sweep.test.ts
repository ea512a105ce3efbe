import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import type { SweepRecord } from '../../extension/protocol/sweep';
import { listRunDirs, readRun, readRunInfo } from '../../extension/runs/runReader';
import { listSweepDirs, readSweep } from '../../extension/sweep/sweepStore';
import { CLI, assertBuilt, bareFolder, processAlive, runCli, waitFor } from './harness';
import { sweepModel } from './sweepModel';

before(assertBuilt);

const GRID = `{
  metric: 'val_loss',
  method: 'grid',
  parameters: {
    learningRate: [0.05, 0.00001],
    units: [4, 8],
  },
  earlyStopping: { method: 'asha', minEpochs: 1, reductionFactor: 2 },
}`;

function onlySweep(dir: string): { record: SweepRecord; sweepDir: string } {
  const dirs = listSweepDirs(dir);
  assert.equal(dirs.length, 1, `one sweep in ${dir}`);
  return { record: readSweep(dirs[0] as string), sweepDir: dirs[0] as string };
}

describe('tensorscope sweep (local executor, real trainers)', () => {
  it('runs a grid as ordinary tagged runs, prunes the hopeless learning rate, and records the best', () => {
    // Enough epochs that a pruned trial's stop lands before it could finish them (the compiled step is fast).
    const dir = bareFolder({ 'model.ts': sweepModel(GRID, 20) });
    const result = runCli(['sweep', 'model.ts', '--parallel', '1'], dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const { record } = onlySweep(dir);
    assert.equal(record.status, 'completed');
    assert.deepEqual(
      record.trials.map((t) => t.params),
      [
        { learningRate: 0.05, units: 4 },
        { learningRate: 0.05, units: 8 },
        { learningRate: 0.00001, units: 4 },
        { learningRate: 0.00001, units: 8 },
      ],
    );
    // One at a time, so ASHA's comparisons are fixed: at epoch 1 each tiny-lr trial is in the worse half
    // (the two trials at 0.05 may rank either way, so the second of them may be pruned too).
    const states = record.trials.map((t) => t.state);
    assert.equal(states[0], 'completed');
    assert.deepEqual(states.slice(2), ['pruned', 'pruned']);
    assert.ok(states[1] === 'completed' || states[1] === 'pruned', states.join());
    for (const trial of record.trials) {
      const run = readRun(trial.runDir as string);
      assert.ok(run, `trial ${trial.index} has a run folder`);
      assert.deepEqual(run.info.sweep, { sweepId: record.sweepId, index: trial.index, params: trial.params });
      assert.equal(run.info.config?.learningRate, trial.params.learningRate);
      assert.equal(run.info.summary?.layers[0]?.params, 3 * (trial.params.units as number));
      assert.equal(run.info.status, trial.state === 'pruned' ? 'stopped' : 'completed');
      assert.equal(run.epochs.length, trial.epochs);
      assert.equal(run.epochs.at(-1)?.logs.val_loss, trial.metric);
    }
    const completed = record.trials.filter((t) => t.state === 'completed');
    const best = completed.reduce((a, b) => ((b.metric as number) < (a.metric as number) ? b : a));
    assert.deepEqual(record.best, { index: best.index, metric: best.metric, params: best.params });
    assert.match(result.stdout, /Best: trial \d, val_loss \d/);
    assert.equal(listRunDirs(dir).length, 4);
  });

  it('Ctrl+C stops every running trial, leaves none running, and --resume runs only the unfinished', async () => {
    const random = `{ metric: 'val_loss', trials: 3, parallel: 2, parameters: { units: { min: 2, max: 16, integer: true } } }`;
    const dir = bareFolder({ 'model.ts': sweepModel(random, 400) });
    const child = spawn(process.execPath, [CLI, 'sweep', 'model.ts'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (text: Buffer) => (output += text.toString()));
    child.stderr.on('data', (text: Buffer) => (output += text.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const trialsWithEpochs = () => {
      const dirs = listSweepDirs(dir);
      if (dirs.length === 0) return 0;
      try {
        return readSweep(dirs[0] as string).trials.filter((t) => t.state === 'running' && t.epochs > 0).length;
      } catch {
        return 0;
      }
    };
    await waitFor(() => trialsWithEpochs() === 2, 60_000, 'two trials training');
    child.kill('SIGINT');
    assert.equal(await exited, 130, output);
    const { record, sweepDir } = onlySweep(dir);
    assert.equal(record.status, 'stopped');
    assert.deepEqual(
      record.trials.map((t) => t.state),
      ['stopped', 'stopped', 'pending'],
    );
    for (const runDir of listRunDirs(dir)) {
      const info = readRunInfo(runDir);
      assert.equal(info?.status, 'stopped');
      assert.equal(processAlive(info?.pid ?? 0), false, `trainer ${info?.pid} ended`);
    }
    assert.match(output, /Resume with: tensorscope sweep --resume/);

    const resumed = runCli(['sweep', '--resume', sweepDir, '--epochs', '1'], dir);
    assert.equal(resumed.code, 0, resumed.stdout + resumed.stderr);
    const after = readSweep(sweepDir);
    assert.equal(after.status, 'completed');
    assert.ok(after.trials.every((t) => t.state === 'completed' && t.epochs === 1));
    const firstRuns = new Set(record.trials.map((t) => t.runDir));
    assert.ok(
      after.trials.every((t) => !firstRuns.has(t.runDir)),
      'stopped trials ran again in new folders',
    );

    // Finished trials are not run again: a second resume has nothing to do and makes no run.
    const before = listRunDirs(dir).length;
    assert.equal(runCli(['sweep', '--resume', sweepDir], dir).code, 0);
    assert.equal(listRunDirs(dir).length, before);
  });

  it("a trial's run resumes like any run, with the trial's parameters", () => {
    const dir = bareFolder({ 'model.ts': sweepModel(GRID) });
    const tag = { sweepId: 'sweep-by-hand', index: 5, params: { units: 8, learningRate: 0.02 } };
    const trained = runCli(['train', 'model.ts', '--epochs', '1', '--sweep-trial', JSON.stringify(tag)], dir);
    assert.equal(trained.code, 0, trained.stdout + trained.stderr);
    const [runDir] = listRunDirs(dir);
    const resumed = runCli(['resume', runDir as string, '--epochs', '2'], dir);
    assert.equal(resumed.code, 0, resumed.stdout + resumed.stderr);
    const run = readRun(runDir as string);
    assert.deepEqual(run?.info.sweep, tag);
    assert.equal(run?.info.config?.learningRate, 0.02);
    assert.equal(run?.info.summary?.layers[0]?.params, 3 * 8);
    assert.equal(run?.epochs.length, 2);
    assert.equal(listRunDirs(dir).length, 1);
  });

  it('reports a bad sweep at its line in the model file, before running anything', () => {
    const bad = GRID.replace('units: [4, 8]', "units: { min: 4, max: 8, scale: 'cubic' }");
    const dir = bareFolder({ 'model.ts': sweepModel(bad) });
    const result = runCli(['sweep', 'model.ts'], dir);
    assert.equal(result.code, 1);
    const line =
      sweepModel(bad)
        .split('\n')
        .findIndex((text) => text.includes("scale: 'cubic'")) + 1;
    assert.match(
      result.stdout,
      new RegExp(
        `^model\\.ts:${line}:\\d+: error: sweep\\.parameters\\.units\\.scale must be one of 'linear', 'log', got "cubic"`,
        'm',
      ),
    );
    assert.equal(fs.existsSync(path.join(dir, '.tensorscope')), false);
  });

  it('says what to add when the file has no sweep', () => {
    const dir = bareFolder({ 'model.ts': sweepModel(GRID).replace(/export const sweep = [\s\S]*?\n};\n/, '') });
    const result = runCli(['sweep', 'model.ts'], dir);
    assert.equal(result.code, 1, result.stdout);
    assert.match(result.stdout, /model\.ts does not export a sweep\./);
    assert.match(result.stdout, /hint: Add export const sweep = /);
  });
});
