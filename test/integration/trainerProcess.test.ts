import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { TrainerProcess } from '../../extension/supervisor/trainerProcess';
import type { TrainerToHost } from '../../extension/protocol/trainerMessages';
import { readRunInfo } from '../../extension/runs/runReader';
import { assertBuilt, bareFolder, onlyRun, processAlive, startTrainer, TINY_MODEL, TRAINER, waitFor } from './harness';

before(assertBuilt);

/** Enough epochs that the run is still going when the test acts on it. */
const LONG_MODEL = TINY_MODEL.replace('epochs: 4', 'epochs: 500');

describe('trainer process', () => {
  it('streams validated messages in order: runCreated, trainingStarted, batches, epochEnd', async () => {
    const dir = bareFolder({ 'model.ts': TINY_MODEL });
    const received: TrainerToHost[] = [];
    const trainer = startTrainer(dir, received);
    const exit = await trainer.exited;
    assert.equal(exit.code, 0);
    // The data report (Data view) comes before training starts; phases and logs may come at any time.
    const types = received
      .map((message) => message.type)
      .filter((type) => type !== 'phase' && type !== 'log' && type !== 'dataReport');
    assert.equal(types[0], 'runCreated');
    assert.equal(types[1], 'trainingStarted');
    assert.equal(types[types.length - 1], 'runEnded');
    assert.equal(types.filter((type) => type === 'epochEnd').length, 4);
    const steps = received.flatMap((message) => (message.type === 'batches' ? message.records.map((r) => r.step) : []));
    assert.deepEqual(
      steps,
      Array.from({ length: 64 }, (_, i) => i + 1),
    );
  });

  it('stops at the next batch boundary, records status stopped and leaves no process', async () => {
    const dir = bareFolder({ 'model.ts': LONG_MODEL });
    const received: TrainerToHost[] = [];
    const trainer = startTrainer(dir, received);
    await waitFor(() => received.some((message) => message.type === 'batches'), 60_000, 'the first batches');
    const stoppedAt = Date.now();
    trainer.stop();
    const exit = await trainer.exited;
    assert.equal(exit.code, 0);
    assert.ok(Date.now() - stoppedAt < 5_000, 'stopped promptly');
    const ended = received.find((message) => message.type === 'runEnded');
    assert.equal(ended?.type === 'runEnded' && ended.status, 'stopped');
    const run = onlyRun(dir);
    assert.equal(run.info.status, 'stopped');
    assert.ok(run.epochs.length < 500);
    assert.ok(run.batches.length > 0);
    assert.equal(processAlive(trainer.pid ?? -1), false);
  });

  it('ends when the editor (its parent) is killed: no orphan, run marked stopped', async () => {
    const dir = bareFolder({ 'model.ts': LONG_MODEL });
    // A stand-in parent that forks the trainer, prints its pid, then waits to be killed.
    const parentScript = `
      const { fork } = require('node:child_process');
      const child = fork(${JSON.stringify(TRAINER)}, [], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
      child.on('message', (m) => { if (m.type === 'runCreated') console.log(JSON.stringify({ pid: child.pid, runDir: m.runDir })); });
      child.send({ v: 1, type: 'start', command: 'train', modelFile: ${JSON.stringify(path.join(dir, 'model.ts'))}, options: { backend: 'auto' } });`;
    const parent = spawn(process.execPath, ['-e', parentScript], { stdio: ['ignore', 'pipe', 'inherit'] });
    const started = await new Promise<{ pid: number; runDir: string }>((resolve) =>
      parent.stdout.once('data', (data: Buffer) => resolve(JSON.parse(data.toString()))),
    );
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    parent.kill('SIGKILL');
    await waitFor(() => !processAlive(started.pid), 10_000, 'the orphaned trainer to exit');
    assert.equal(readRunInfo(started.runDir)?.status, 'stopped');
  });

  it('is killed and reported when it stops responding', async () => {
    const hangingModel = TINY_MODEL.replace(
      'export function loadData() {',
      'export function loadData() {\n  const end = Date.now() + 60_000;\n  while (Date.now() < end) {}',
    );
    const dir = bareFolder({ 'model.ts': hangingModel });
    const trainer = new TrainerProcess({
      trainerScript: TRAINER,
      cwd: dir,
      hungTimeoutMs: 3_000,
      onMessage: () => undefined,
      onInvalidMessage: () => undefined,
    });
    trainer.send({
      type: 'start',
      command: 'train',
      modelFile: path.join(dir, 'model.ts'),
      options: { backend: 'auto' },
    });
    const exit = await trainer.exited;
    assert.equal(exit.hung, true);
    assert.equal(exit.signal, 'SIGKILL');
    assert.equal(processAlive(trainer.pid ?? -1), false);
  });
});
