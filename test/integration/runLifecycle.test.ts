import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { type TrainerProcess } from '../../extension/supervisor/trainerProcess';
import type { TrainerToHost } from '../../extension/protocol/trainerMessages';
import { listRunDirs, readRun } from '../../extension/runs/runReader';
import { assertBuilt, bareFolder, CLI, onlyRun, runCli, startTrainer, TINY_MODEL, waitFor } from './harness';

before(assertBuilt);

const SLOW_MODEL = TINY_MODEL.replace('epochs: 4', 'epochs: 400');

function control(dir: string, received: TrainerToHost[]): TrainerProcess {
  return startTrainer(dir, received, { options: { sampleEveryBatches: 0 } });
}

const batchCount = (received: TrainerToHost[]) =>
  received.reduce((count, message) => count + (message.type === 'batches' ? message.records.length : 0), 0);

describe('checkpoints and resume', () => {
  it('saves last and best checkpoints that tf.loadLayersModel-style loading accepts', () => {
    const dir = bareFolder({ 'model.ts': TINY_MODEL });
    assert.equal(runCli(['train', 'model.ts', '--epochs', '3'], dir).code, 0);
    const run = onlyRun(dir);
    const runDir = path.dirname(path.join(run.info.modelFile, '..', '.tensorscope', 'runs', run.info.runId, 'x'));
    for (const name of ['checkpoint-last', 'checkpoint-best']) {
      const modelJson = JSON.parse(fs.readFileSync(path.join(runDir, name, 'model.json'), 'utf8'));
      assert.equal(modelJson.format, 'layers-model');
      assert.ok(
        modelJson.weightsManifest[0].weights.some((w: { group?: string }) => w.group === 'optimizer'),
        'optimizer state saved',
      );
    }
    assert.ok(run.info.best && run.info.best.epoch >= 1);
  });

  it('resume continues the step count and the loss curve in the same run folder', () => {
    const dir = bareFolder({ 'model.ts': TINY_MODEL });
    assert.equal(runCli(['train', 'model.ts', '--epochs', '2'], dir).code, 0);
    const [runDir] = listRunDirs(dir);
    assert.ok(runDir);
    const first = readRun(runDir);
    const result = runCli(['resume', runDir, '--epochs', '4'], dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const resumed = readRun(runDir);
    assert.ok(first && resumed);
    assert.equal(resumed.info.status, 'completed');
    assert.deepEqual(
      resumed.epochs.map((e) => e.epoch),
      [1, 2, 3, 4],
    );
    const steps = resumed.batches.map((b) => b.step);
    assert.deepEqual(
      steps,
      Array.from({ length: steps.length }, (_, i) => i + 1),
      'steps continue without a gap',
    );
    const lossAtResume = resumed.epochs[2]?.logs.loss ?? Infinity;
    const lossBefore = first.epochs[1]?.logs.loss ?? 0;
    assert.ok(
      lossAtResume < lossBefore * 1.5,
      `the curve continues (${lossBefore} → ${lossAtResume}), not restarting from scratch`,
    );
    assert.equal(listRunDirs(dir).length, 1);
  });

  it('resume of a stopped run goes on to the epochs the run was started with, not the file config', async () => {
    const dir = bareFolder({ 'model.ts': TINY_MODEL.replace('epochs: 4', 'epochs: 2') });
    const child = spawn(process.execPath, [CLI, 'train', 'model.ts', '--epochs', '400'], { cwd: dir, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const epochsDone = () => {
      const [runDir] = listRunDirs(dir);
      return runDir ? (readRun(runDir)?.epochs.length ?? 0) : 0;
    };
    await waitFor(() => epochsDone() >= 3, 120_000, 'three epochs trained');
    child.kill('SIGINT');
    assert.equal(await exited, 130);
    const [runDir] = listRunDirs(dir);
    assert.ok(runDir);
    const stopped = readRun(runDir);
    assert.equal(stopped?.info.status, 'stopped');
    assert.equal(stopped?.info.config?.epochs, 400);
    const stoppedAt = stopped?.epochs.length ?? 0;
    const resumeProcess = spawn(process.execPath, [CLI, 'resume', runDir], { cwd: dir, stdio: 'ignore' });
    const resumed = new Promise<number | null>((resolve) => resumeProcess.on('exit', (code) => resolve(code)));
    await waitFor(() => epochsDone() >= stoppedAt + 2, 120_000, 'resume training past the file config of 2 epochs');
    resumeProcess.kill('SIGINT');
    assert.equal(await resumed, 130);
    assert.equal(readRun(runDir)?.info.config?.epochs, 400);
  });

  it('refuses to resume a folder that is not a run', () => {
    const dir = bareFolder({});
    const result = runCli(['resume', dir], dir);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /Not a Tensorscope run folder/);
  });
});

describe('run control while training', () => {
  it('pauses, continues, changes the learning rate and adds epochs, each recorded', async () => {
    // Enough batches per epoch that the pause lands mid-run even at the compiled step's speed.
    const dir = bareFolder({
      'model.ts': TINY_MODEL.replace('epochs: 4', 'epochs: 2').replace('[512, 2]', '[32768, 2]'),
    });
    const received: TrainerToHost[] = [];
    const trainer = control(dir, received);
    await waitFor(() => batchCount(received) > 0, 60_000, 'first batches');
    trainer.send({ type: 'pauseTraining' });
    await waitFor(() => received.some((m) => m.type === 'control' && m.record.action === 'pause'), 10_000, 'pause');
    const pausedAt = batchCount(received);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(batchCount(received), pausedAt, 'no batches while paused');
    trainer.send({ type: 'setLearningRate', learningRate: 0.001 });
    trainer.send({ type: 'addEpochs', epochs: 1 });
    trainer.send({ type: 'continueTraining' });
    const exit = await trainer.exited;
    assert.equal(exit.code, 0);
    const actions = received.flatMap((m) => (m.type === 'control' ? [m.record.action] : []));
    assert.deepEqual(actions.slice(0, 2), ['pause', 'continue']);
    assert.ok(actions.includes('setLearningRate') && actions.includes('addEpochs'), actions.join(','));
    const run = onlyRun(dir);
    assert.equal(run.epochs.length, 3, 'two planned epochs plus one added');
    const lines = fs.readFileSync(path.join(dir, '.tensorscope', 'runs', run.info.runId, 'metrics.jsonl'), 'utf8');
    assert.match(lines, /"type":"control","action":"setLearningRate".*"value":0\.001/);
  });

  it('stop while paused ends the run as stopped', async () => {
    const dir = bareFolder({ 'model.ts': SLOW_MODEL });
    const received: TrainerToHost[] = [];
    const trainer = control(dir, received);
    await waitFor(() => batchCount(received) > 0, 60_000, 'first batches');
    trainer.send({ type: 'pauseTraining' });
    await waitFor(() => received.some((m) => m.type === 'control' && m.record.action === 'pause'), 10_000, 'pause');
    trainer.stop();
    const exit = await trainer.exited;
    assert.equal(exit.code, 0);
    assert.equal(onlyRun(dir).info.status, 'stopped');
  });
});
