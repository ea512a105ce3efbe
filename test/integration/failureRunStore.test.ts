/**
 * Failure matrix, run-store rows: faults a run folder meets in real use, on real trained runs and
 * real processes: a checkpoint swap cut short, the disk filling during a checkpoint, garbage in
 * metrics.jsonl, two writers of one run, a writer killed, a resume that cannot load, a completed
 * run resumed without asking for more epochs, a pause longer than the hang timeout, and a run
 * file that links out of the run folder.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readRunSummaries } from '../../extension/host/history/runSummary';
import { runItemShape } from '../../extension/host/history/runTreeShape';
import { TrainerProcess } from '../../extension/supervisor/trainerProcess';
import type { TrainerToHost } from '../../extension/protocol/trainerMessages';
import { exportRun } from '../../extension/runs/export/exportRun';
import { LOCK_FILE } from '../../extension/runs/runLock';
import { listRunDirs, readRun, readRunInfo } from '../../extension/runs/runReader';
import { assertBuilt, bareFolder, CLI, processAlive, runCli, TINY_MODEL, TRAINER, waitFor } from './harness';

before(assertBuilt);

/** A trained run's folder (the CLI, real tfjs). */
function trainedRun(epochs: number, model = TINY_MODEL): { dir: string; runDir: string } {
  const dir = bareFolder({ 'model.ts': model });
  const result = runCli(['train', 'model.ts', '--epochs', String(epochs), '--sample-every', '0'], dir);
  assert.equal(result.code, 0, result.stdout + result.stderr);
  const [runDir] = listRunDirs(dir);
  assert.ok(runDir);
  return { dir, runDir };
}

/** The pid of a process that has ended (for a writer that was killed). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function leftovers(runDir: string): string[] {
  return fs.readdirSync(runDir).filter((name) => /\.(tmp|old)-\d+$/.test(name));
}

describe('failure matrix: checkpoints', () => {
  it('a swap cut short (old set aside, new half-written) leaves a checkpoint that resume finds, and repairs', () => {
    const { dir, runDir } = trainedRun(2);
    // The state a kill between "rename old aside" and "rename new in" leaves, by a writer now gone.
    const pid = deadPid();
    fs.renameSync(path.join(runDir, 'checkpoint-last'), path.join(runDir, `checkpoint-last.old-${pid}`));
    fs.mkdirSync(path.join(runDir, `checkpoint-last.tmp-${pid}`));
    fs.writeFileSync(path.join(runDir, `checkpoint-last.tmp-${pid}`, 'weights.bin'), Buffer.alloc(100));
    const info = JSON.parse(fs.readFileSync(path.join(runDir, 'run.json'), 'utf8'));
    fs.writeFileSync(path.join(runDir, 'run.json'), JSON.stringify({ ...info, status: 'running', endedAt: null, pid }));

    const [summary] = readRunSummaries([dir]);
    assert.ok(summary?.orphaned, 'Run History shows it interrupted, not running');
    assert.match(runItemShape(summary).description, /interrupted/);
    assert.match(runItemShape(summary).contextValue, /^tensorscope\.run\.interrupted/, 'Delete and Rename allowed');
    assert.equal(readRun(runDir)?.interrupted, true);

    const result = runCli(['resume', runDir, '--epochs', '4'], dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout + result.stderr, /restored checkpoint-last from checkpoint-last\.old-\d+/);
    assert.deepEqual(leftovers(runDir), [], 'no temp or set-aside folder is left');
    const resumed = readRun(runDir);
    assert.equal(resumed?.info.status, 'completed');
    assert.deepEqual(
      resumed?.epochs.map((epoch) => epoch.epoch),
      [1, 2, 3, 4],
      'resumed after epoch 2, from the set-aside checkpoint',
    );
    assert.ok(!fs.existsSync(path.join(runDir, LOCK_FILE)), 'the lock is released');
  });

  describe('the disk filling up during a checkpoint', () => {
    const mountPoint = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'tensorscope-ckpt-full-'));
    const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=700k', 'tmpfs', mountPoint], { encoding: 'utf8' });
    const skip = mount.status === 0 ? false : `cannot mount a small tmpfs here (${mount.stderr.trim() || 'not root'})`;
    after(() => {
      if (!skip) spawnSync('umount', [mountPoint]);
      fs.rmSync(mountPoint, { recursive: true, force: true });
    });

    it('removes the partial checkpoint folder, names the file, keeps the last whole checkpoint', { skip }, () => {
      // ~260 KB of weights: the first epoch's two checkpoints fit in 700 KB, the second epoch's does not.
      const wide = `import * as tf from '@tensorflow/tfjs';
export const config = { epochs: 3, batchSize: 32, optimizer: 'sgd' };
export function createModel() {
  return tf.sequential({ layers: [tf.layers.dense({ units: 256, inputShape: [256] }), tf.layers.dense({ units: 1 })] });
}
export function loadData() {
  const xs = tf.randomUniform([64, 256], -1, 1, 'float32', 5);
  return { train: { xs, ys: xs.mean(1, true) }, validation: { xs: xs.slice(0, 32), ys: xs.slice(0, 32).mean(1, true) } };
}
`;
      const dir = bareFolder({ 'model.ts': wide });
      const result = runCli(['train', 'model.ts', '--sample-every', '0', '--runs-in', mountPoint], dir);
      assert.equal(result.code, 1, result.stdout + result.stderr);
      assert.match(
        result.stdout,
        /^error: The disk is full: could not write .*checkpoint-(last|best)\.tmp-\d+\/(weights\.bin|model\.json) \(ENOSPC\)/m,
      );
      const [runDir] = listRunDirs(mountPoint);
      assert.ok(runDir);
      assert.deepEqual(leftovers(runDir), [], 'the partial folder was removed');
      const run = readRun(runDir);
      assert.equal(run?.info.status, 'failed');
      const modelJson = JSON.parse(fs.readFileSync(path.join(runDir, 'checkpoint-last', 'model.json'), 'utf8'));
      assert.equal(modelJson.tensorscope.epoch, 1, 'the last whole checkpoint is intact');
    });
  });
});

describe('failure matrix: metrics.jsonl', () => {
  it('garbage and malformed epoch lines are counted and located, never exported as rows', () => {
    const { dir, runDir } = trainedRun(2);
    const file = path.join(runDir, 'metrics.jsonl');
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    lines.splice(3, 0, 'garbage ¶ not json', '{"type":"epoch","epoch":"two","loss":1e9}', '[1,2]');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const run = readRun(runDir);
    assert.equal(run?.skippedLines, 3);
    assert.deepEqual(run?.skippedAt, [4, 5, 6]);
    const result = runCli(['export', runDir, '--format', 'csv', '--out', 'csv'], dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(
      result.stdout,
      /warning: 3 lines of metrics\.jsonl are not records and were skipped \(lines 4, 5, 6\)\./,
    );
    const epochs = fs
      .readFileSync(path.join(dir, 'csv', 'epochs.csv'), 'utf8')
      .trimEnd()
      .split('\n');
    assert.deepEqual(
      epochs.slice(1).map((row) => row.split(',')[0]),
      ['1', '2'],
      'only the two real epochs',
    );
    assert.doesNotMatch(epochs.join('\n'), /1000000000/);
  });

  it('export does not follow a run file that links out of the run folder', async () => {
    const { runDir } = trainedRun(1);
    const outside = bareFolder({
      'secret.jsonl': '{"type":"batch","epoch":1,"batch":0,"step":1,"time":1,"loss":42}\n',
    });
    fs.rmSync(path.join(runDir, 'metrics.jsonl'));
    fs.symlinkSync(path.join(outside, 'secret.jsonl'), path.join(runDir, 'metrics.jsonl'));
    await assert.rejects(
      exportRun({ runDir, format: 'csv' }),
      /metrics\.jsonl is a symbolic link; export reads only the run folder's own files/,
    );
    assert.ok(!fs.existsSync(path.join(runDir, 'csv', 'batches.csv')));
  });
});

describe('failure matrix: one writer per run folder', () => {
  it('a second writer is refused by name; a killed writer leaves an interrupted run whose lock is taken over', async () => {
    const dir = bareFolder({ 'model.ts': TINY_MODEL.replace('epochs: 4', 'epochs: 400') });
    const first = spawn(process.execPath, [CLI, 'train', 'model.ts', '--sample-every', '0'], {
      cwd: dir,
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => first.on('exit', resolve));
    const runDir = () => listRunDirs(dir)[0] ?? '';
    await waitFor(() => fs.existsSync(path.join(runDir(), 'checkpoint-last', 'model.json')), 120_000, 'a checkpoint');

    // The writer is the CLI's trainer child (the CLI supervises it).
    const writer = readRunInfo(runDir())?.pid ?? -1;
    const second = runCli(['resume', runDir(), '--epochs', '2'], dir);
    assert.equal(second.code, 1);
    assert.match(
      second.stdout,
      new RegExp(
        `is being written by another train \\(pid ${writer} on [^,]+, since .+\\): a run folder has one writer at a time`,
      ),
    );
    assert.equal(readRunInfo(runDir())?.pid, writer, 'the refused resume changed nothing');

    // Both at once, as a machine losing power would: neither the trainer nor its supervisor can record the end.
    first.kill('SIGKILL');
    process.kill(writer, 'SIGKILL');
    await exited;
    await waitFor(() => !processAlive(writer), 10_000, 'the killed trainer to be reaped');
    assert.equal(readRunInfo(runDir())?.status, 'running', 'a SIGKILLed writer could not record its end');
    assert.equal(readRunSummaries([dir])[0]?.orphaned, true, 'shown as interrupted');

    const done = readRun(runDir())?.epochs.length ?? 0;
    const third = runCli(['resume', runDir(), '--epochs', String(done + 1), '--sample-every', '0'], dir);
    assert.equal(third.code, 0, third.stdout + third.stderr);
    assert.match(third.stdout + third.stderr, new RegExp(`Took over the run's lock from pid ${writer}`));
    assert.equal(readRunInfo(runDir())?.status, 'completed');
  });
});

describe('failure matrix: resume', () => {
  it('a completed run needs more epochs asked for; a changed architecture is one located message; neither changes the run', () => {
    const { dir, runDir } = trainedRun(2);
    const before = ['run.json', 'metrics.jsonl'].map((name) => fs.readFileSync(path.join(runDir, name)));

    const again = runCli(['resume', runDir], dir);
    assert.equal(again.code, 1);
    assert.match(again.stdout, /completed all its 2 epochs; resuming it means training more epochs/);
    assert.match(again.stdout, /--epochs 12/);

    const source = fs.readFileSync(path.join(dir, 'model.ts'), 'utf8');
    fs.writeFileSync(path.join(dir, 'model.ts'), source.replace('units: 16', 'units: 32'));
    const line = source.split('\n').findIndex((text) => text.includes('units: 16')) + 1;
    const changed = runCli(['resume', runDir, '--epochs', '4'], dir);
    assert.equal(changed.code, 1);
    assert.match(
      changed.stdout,
      new RegExp(
        `model\\.ts:${line}:\\d+: error: Layer \\S+ changed since the run: \\S+/kernel was \\[2, 16\\] in the checkpoint and is \\[2, 32\\] now\\.`,
      ),
    );
    assert.doesNotMatch(changed.stdout, /not compatible/);
    const after = ['run.json', 'metrics.jsonl'].map((name) => fs.readFileSync(path.join(runDir, name)));
    assert.deepEqual(after, before, 'run.json and metrics.jsonl are byte for byte as they were');
    assert.ok(!fs.existsSync(path.join(runDir, LOCK_FILE)));
  });

  it('a pause longer than the hang timeout does not end the run as hung', async () => {
    const dir = bareFolder({ 'model.ts': TINY_MODEL.replace('epochs: 4', 'epochs: 400') });
    const received: TrainerToHost[] = [];
    const trainer = new TrainerProcess({
      trainerScript: TRAINER,
      cwd: dir,
      hungTimeoutMs: 6_000,
      onMessage: (message) => received.push(message),
      onInvalidMessage: (error) => assert.fail(error),
    });
    trainer.send({
      type: 'start',
      command: 'train',
      modelFile: path.join(dir, 'model.ts'),
      options: { backend: 'auto', sampleEveryBatches: 0 },
    });
    await waitFor(() => received.some((m) => m.type === 'batches'), 60_000, 'first batches');
    trainer.send({ type: 'pauseTraining' });
    await waitFor(() => received.some((m) => m.type === 'control' && m.record.action === 'pause'), 10_000, 'pause');
    await new Promise((resolve) => setTimeout(resolve, 9_000)); // half again the hang timeout
    const batchesBefore = received.filter((m) => m.type === 'batches').length;
    trainer.send({ type: 'continueTraining' });
    await waitFor(() => received.filter((m) => m.type === 'batches').length > batchesBefore, 10_000, 'training again');
    trainer.stop();
    const exit = await trainer.exited;
    assert.equal(exit.hung, false);
    assert.equal(exit.code, 0);
    assert.equal(readRun(listRunDirs(dir)[0] ?? '')?.info.status, 'stopped', 'stopped by the user, not killed as hung');
  });
});
