/**
 * The Ray executor against a real Ray head (started by scripts/test-cluster.sh, which passes its
 * dashboard address): every trial is a Ray job submitted through the Jobs REST API.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { readRun, readRunInfo } from '../../extension/runs/runReader';
import { listSweepDirs, readSweep } from '../../extension/sweep/sweepStore';
import { CLI, assertBuilt, bareFolder, runCli, waitFor } from '../integration/harness';
import { sweepModel } from '../integration/sweepModel';

const ADDRESS = process.env.TENSORSCOPE_RAY_ADDRESS ?? '';

before(() => {
  assertBuilt();
  assert.ok(ADDRESS, 'TENSORSCOPE_RAY_ADDRESS is not set: run this through npm run test:cluster');
});

async function jobStatus(jobId: string): Promise<string> {
  const response = await fetch(`${ADDRESS}/api/jobs/${jobId}`);
  return ((await response.json()) as { status: string }).status;
}

describe('tensorscope sweep --executor ray (a real Ray head, the Jobs REST API)', () => {
  it('runs a 4-trial sweep as 4 Ray jobs, each an ordinary run with its records, in the shared run root', async () => {
    const spec = `{ metric: 'val_loss', trials: 4, parallel: 2, parameters: { units: { min: 2, max: 16, integer: true }, learningRate: { min: 0.01, max: 0.1, scale: 'log' } } }`;
    const dir = bareFolder({ 'model.ts': sweepModel(spec) });
    const result = runCli(['sweep', 'model.ts', '--executor', 'ray', '--address', ADDRESS], dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const [sweepDir] = listSweepDirs(dir);
    const record = readSweep(sweepDir as string);
    assert.equal(record.status, 'completed');
    assert.equal(record.executor.kind, 'ray');
    assert.equal(record.trials.length, 4);
    for (const trial of record.trials) {
      assert.equal(trial.state, 'completed', `trial ${trial.index}: ${trial.error ?? ''}`);
      assert.ok(trial.jobId, 'the Ray job is recorded');
      assert.equal(await jobStatus(trial.jobId), 'SUCCEEDED');
      const run = readRun(trial.runDir as string);
      assert.ok(run);
      assert.equal(run.info.status, 'completed');
      assert.deepEqual(run.info.sweep?.params, trial.params);
      assert.equal(run.info.summary?.layers[0]?.params, 3 * (trial.params.units as number));
      assert.equal(run.epochs.length, 3);
      assert.ok(run.batches.length > 0);
      assert.equal(trial.metric, run.epochs.at(-1)?.logs.val_loss);
      assert.ok(
        fs.existsSync(path.join(trial.runDir as string, 'checkpoint-last', 'model.json')),
        'its last checkpoint',
      );
      assert.match(fs.readFileSync(path.join(trial.runDir as string, 'ray-job.log'), 'utf8'), /Epoch 3\/3/);
    }
    assert.ok(record.best);
  });

  it('Ctrl+C stops the running Ray jobs; their runs end as stopped', async () => {
    const spec = `{ metric: 'val_loss', trials: 2, parallel: 2, parameters: { units: [4, 8] } }`;
    const dir = bareFolder({ 'model.ts': sweepModel(spec, 400) });
    const child = spawn(process.execPath, [CLI, 'sweep', 'model.ts', '--executor', 'ray', '--address', ADDRESS], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (text: Buffer) => (output += text.toString()));
    child.stderr.on('data', (text: Buffer) => (output += text.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const training = () => {
      const [sweepDir] = listSweepDirs(dir);
      if (!sweepDir) return false;
      try {
        return readSweep(sweepDir).trials.every((t) => t.epochs > 0);
      } catch {
        return false;
      }
    };
    await waitFor(training, 120_000, 'both Ray jobs training');
    child.kill('SIGINT');
    assert.equal(await exited, 130, output);
    const record = readSweep(listSweepDirs(dir)[0] as string);
    assert.equal(record.status, 'stopped');
    for (const trial of record.trials) {
      assert.equal(trial.state, 'stopped');
      assert.equal(await jobStatus(trial.jobId as string), 'STOPPED');
      assert.notEqual(readRunInfo(trial.runDir as string)?.status, 'running');
    }
  });
});
