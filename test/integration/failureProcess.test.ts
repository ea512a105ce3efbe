/**
 * Failure matrix, process and durability rows: the trainer killed, out of memory, the disk full,
 * two runs of one file at once, a diverging loss crossing the process boundary. Host-side rows
 * drive the real TrainerProcess and do what RunController does when the trainer dies without a
 * `runEnded` (RunController's recordTrainerExit); then they check the message, run.json, that
 * metrics.jsonl holds whole lines with contiguous steps, and the process table.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { recordTrainerExit } from '../../extension/host/trainerExit';
import type { TrainerExit, TrainerProcess } from '../../extension/host/trainerProcess';
import type { TrainerToHost } from '../../extension/protocol/trainerMessages';
import { listRunDirs, readRun, type RunContents } from '../../extension/runs/runReader';
import type { TrainerError } from '../../extension/protocol/model';
import { assertBuilt, bareFolder, CLI, onlyRun, processAlive, startTrainer, TINY_MODEL, waitFor } from './harness';

before(assertBuilt);

interface Trainer {
  process: TrainerProcess;
  received: TrainerToHost[];
  runDir: () => string | undefined;
}

function startRun(dir: string, execArgv: string[] = []): Trainer {
  const received: TrainerToHost[] = [];
  const trainer = startTrainer(dir, received, { execArgv });
  const runDir = () => {
    const created = received.find((message) => message.type === 'runCreated');
    return created?.type === 'runCreated' ? created.runDir : undefined;
  };
  return { process: trainer, received, runDir };
}

/** RunController's own handling of the exit (recordTrainerExit), for a run that never said how it ended. */
function recordUnexpectedExit(trainer: Trainer, exit: TrainerExit): TrainerError {
  const ended = trainer.received.some((message) => message.type === 'runEnded');
  assert.ok(!ended, 'the trainer could not say how it ended');
  const error = recordTrainerExit({ runDir: trainer.runDir(), ended }, exit);
  assert.ok(error, 'an unexpected exit is recorded');
  return error;
}

function receivedSteps(received: TrainerToHost[]): number[] {
  return received.flatMap((message) => (message.type === 'batches' ? message.records.map((r) => r.step) : []));
}

/** metrics.jsonl holds only whole lines, and its batches are steps 1..n with none missing. */
function assertIntactPrefix(run: RunContents, received: TrainerToHost[]): void {
  assert.equal(run.skippedLines, 0, 'no torn or invalid line');
  const steps = run.batches.map((batch) => batch.step);
  assert.ok(steps.length > 0, 'batches were recorded before the failure');
  assert.deepEqual(
    steps,
    Array.from({ length: steps.length }, (_, i) => i + 1),
  );
  assert.deepEqual(steps, receivedSteps(received).slice(0, steps.length), 'disk and host agree');
}

function childPids(pid: number): number[] {
  const result = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
  return result.stdout.split('\n').filter(Boolean).map(Number);
}

const LONG_MODEL = TINY_MODEL.replace('epochs: 4', 'epochs: 500');

describe('failure matrix: process faults', () => {
  it('the trainer SIGKILLed mid-run: reported, run failed, metrics intact, no orphan', async () => {
    const dir = bareFolder({ 'model.ts': LONG_MODEL });
    const trainer = startRun(dir);
    await waitFor(() => receivedSteps(trainer.received).length >= 100, 60_000, '100 batches');
    const pid = trainer.process.pid as number;
    const children = childPids(pid);
    process.kill(pid, 'SIGKILL');
    const exit = await trainer.process.exited;
    assert.equal(exit.signal, 'SIGKILL');
    const error = recordUnexpectedExit(trainer, exit);
    assert.equal(error.message, 'The trainer process ended unexpectedly (signal SIGKILL).');
    assert.match(error.hint ?? '', /out-of-memory killer/);
    const run = onlyRun(dir);
    assert.equal(run.info.status, 'failed');
    assert.equal(run.info.error?.message, error.message);
    assert.ok(run.info.endedAt);
    assertIntactPrefix(run, trainer.received);
    await waitFor(() => ![pid, ...children].some(processAlive), 5_000, 'the trainer and its children to be gone');
  });

  it('out of memory (V8 heap limit): reported as out of memory, run failed, metrics intact', async () => {
    // tfjs-node keeps tensor data in native memory, which --max-old-space-size does not bound; this
    // model leaks plain JS arrays (V8 heap) from its data generator while training goes on, so the
    // limit is hit for real, mid-run. Native exhaustion ends the process the same way (an abort or
    // the kernel's SIGKILL, the row above); std::bad_alloc on stderr is reported as memory too.
    const leaking = `import * as tf from '@tensorflow/tfjs';
export const config = { epochs: 1000, batchSize: 8, shuffle: false };
export function createModel() {
  return tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
}
const kept: number[][] = [];
export function loadData() {
  const train = tf.data.generator(function* () {
    for (;;) {
      kept.push(new Array(2_000).fill(Math.random()));
      yield { xs: tf.tensor1d([Math.random(), Math.random()]), ys: tf.tensor1d([1]) };
    }
  });
  return { train };
}
`;
    const dir = bareFolder({ 'model.ts': leaking });
    const trainer = startRun(dir, ['--max-old-space-size=96']);
    const exit = await trainer.process.exited;
    assert.equal(exit.outOfMemory, true, `exit ${JSON.stringify(exit)}`);
    const error = recordUnexpectedExit(trainer, exit);
    assert.match(error.message, /^The trainer ran out of memory and ended \((signal SIGABRT|exit code \d+)\)\.$/);
    assert.match(error.hint ?? '', /smaller batch size/);
    const run = onlyRun(dir);
    assert.equal(run.info.status, 'failed');
    assert.match(run.info.error?.message ?? '', /ran out of memory/);
    assertIntactPrefix(run, trainer.received);
  });

  it('a diverging loss crosses the process boundary as data (NaN/Infinity are not dropped)', async () => {
    const dir = bareFolder({
      'model.ts': TINY_MODEL.replace('learningRate: 0.05', "optimizer: 'sgd', learningRate: 1e10").replace(
        'epochs: 4',
        'epochs: 20',
      ),
    });
    const trainer = startRun(dir);
    await trainer.process.exited;
    const losses = trainer.received.flatMap((message) =>
      message.type === 'batches' ? message.records.map((record) => record.logs.loss) : [],
    );
    assert.ok(!Number.isFinite(losses[losses.length - 1]), `last loss ${losses[losses.length - 1]}`);
    const ended = trainer.received.find((message) => message.type === 'runEnded');
    assert.match(ended?.type === 'runEnded' ? (ended.error?.message ?? '') : '', /at step \d+; training stopped/);
  });
});

describe('failure matrix: durability', () => {
  it('two runs of the same file at once do not collide', async () => {
    const dir = bareFolder({ 'model.ts': TINY_MODEL });
    const runOnce = () =>
      new Promise<number | null>((resolve) =>
        spawn(process.execPath, [CLI, 'train', 'model.ts'], { cwd: dir, stdio: 'ignore' }).on('exit', resolve),
      );
    assert.deepEqual(await Promise.all([runOnce(), runOnce()]), [0, 0]);
    const runs = listRunDirs(dir).map((runDir) => readRun(runDir) as RunContents);
    assert.equal(runs.length, 2);
    assert.notEqual(runs[0]?.info.runId, runs[1]?.info.runId);
    for (const run of runs) {
      assert.equal(run.info.status, 'completed');
      assert.equal(run.skippedLines, 0);
      assert.deepEqual(
        run.batches.map((batch) => batch.step),
        Array.from({ length: 64 }, (_, i) => i + 1),
      );
      assert.equal(run.epochs.length, 4);
    }
  });

  describe('the disk filling up', () => {
    const mountPoint = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'tensorscope-full-'));
    const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint], { encoding: 'utf8' });
    const skip = mount.status === 0 ? false : `cannot mount a small tmpfs here (${mount.stderr.trim() || 'not root'})`;
    after(() => {
      if (!skip) spawnSync('umount', [mountPoint]);
    });

    it('is reported with the file, the run is marked failed, and metrics.jsonl ends on a whole line', { skip }, () => {
      const dir = bareFolder({ 'model.ts': TINY_MODEL });
      const result = spawnSync(
        process.execPath,
        [CLI, 'train', 'model.ts', '--batch-size', '2', '--epochs', '20', '--runs-in', mountPoint],
        { cwd: dir, encoding: 'utf8', timeout: 60_000 },
      );
      assert.equal(result.status, 1, result.stdout + result.stderr);
      assert.match(result.stdout, /^error: The disk is full: .*tensorscope-full-.*ENOSPC/m);
      assert.match(result.stdout, /hint: Free some disk space/);
      assert.doesNotMatch(result.stdout + result.stderr, /^\s+at /m, 'no stack dump');
      const run = onlyRun(mountPoint);
      assert.equal(run.info.status, 'failed');
      assert.equal(run.info.error?.kind, 'process');
      assert.equal(run.skippedLines, 0, 'no torn last line');
      assert.ok(run.batches.length > 0);
      assert.deepEqual(
        run.batches.map((batch) => batch.step),
        Array.from({ length: run.batches.length }, (_, i) => i + 1),
      );
    });
  });
});
