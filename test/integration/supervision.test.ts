/**
 * Supervision, on real processes: the trainer runs in its own process group, and Stop, Ctrl+C
 * twice, the supervisor's graceful shutdown and its death end the trainer and every process the
 * model file started (plain or detached), even while model code never yields; the scratch folder
 * with the bundled model file goes too. Each fault leaves run.json stopped or failed with the reason.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { LOCK_FILE } from '../../extension/runs/runLock';
import { listRunDirs } from '../../extension/runs/runReader';
import { recordExitInRun } from '../../extension/supervisor/trainerExit';
import type { TrainerToHost } from '../../extension/protocol/trainerMessages';
import {
  assertBuilt,
  bareFolder,
  CLI,
  onlyRun,
  processAlive,
  startTrainer,
  TINY_MODEL,
  TRAINER,
  waitFor,
} from './harness';

before(assertBuilt);

/** What a model file writes so the test can find its processes: its own pid, its children, its scratch folder. */
interface Spawned {
  trainer: number;
  children: number[];
  scratchDir: string;
  scratchEntries: string[];
}

/**
 * Model-file code that starts two long-lived children (one plain, one detached into a session of its
 * own, as a model file that starts a server would), then records what it started in spawned.json.
 */
const START_CHILDREN = `
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
const plain = spawn('sleep', ['600'], { stdio: 'ignore' });
const detached = spawn('sleep', ['600'], { stdio: 'ignore', detached: true });
detached.unref();
const scratchDir = process.env.TENSORSCOPE_SCRATCH_DIR ?? '';
fs.writeFileSync(process.cwd() + '/spawned.json', JSON.stringify({
  trainer: process.pid, children: [plain.pid, detached.pid], scratchDir, scratchEntries: fs.readdirSync(scratchDir),
}));
`;

/** TINY_MODEL training "for ever", after starting children. */
const LONG_WITH_CHILDREN = START_CHILDREN + TINY_MODEL.replace('epochs: 4', 'epochs: 5000');
/** Starts children, then never yields again: loadData spins. */
const BUSY_WITH_CHILDREN =
  START_CHILDREN + TINY_MODEL.replace('export function loadData() {', 'export function loadData() {\n  for (;;) {}');

function spawned(dir: string): Spawned {
  return JSON.parse(fs.readFileSync(path.join(dir, 'spawned.json'), 'utf8')) as Spawned;
}

async function spawnedBy(dir: string): Promise<Spawned> {
  await waitFor(() => fs.existsSync(path.join(dir, 'spawned.json')), 60_000, 'the model file to start its children');
  return spawned(dir);
}

function alive(pids: number[]): number[] {
  return pids.filter(processAlive);
}

/** The killed trainer could not release the run's lock; its supervisor (or, if that died, its orphan guard) did. */
function assertLockReleased(dir: string): void {
  const [runDir] = listRunDirs(dir);
  assert.ok(runDir);
  assert.ok(!fs.existsSync(path.join(runDir, LOCK_FILE)), 'the run lock is released');
}

async function allGone(found: Spawned): Promise<void> {
  const pids = [found.trainer, ...found.children];
  await waitFor(() => alive(pids).length === 0, 15_000, `processes ${alive(pids).join(', ')} to end`);
  assert.equal(fs.existsSync(found.scratchDir), false, 'the scratch folder is removed');
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

function cli(dir: string, args: string[]): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (data: Buffer) => (output += data.toString()));
  child.stderr?.on('data', (data: Buffer) => (output += data.toString()));
  return { child, output: () => output };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('no process left behind', () => {
  it('CLI: Ctrl+C twice ends a model stuck in a busy loop and every child it started (exit 130, run stopped)', async () => {
    const dir = bareFolder({ 'model.ts': BUSY_WITH_CHILDREN });
    const { child, output } = cli(dir, ['train', 'model.ts']);
    const found = await spawnedBy(dir);
    assert.ok(
      found.scratchEntries.some((name) => name.startsWith('tensorscope-model-')),
      'the bundle is in the scratch folder',
    );
    await sleep(500);
    child.kill('SIGINT');
    await sleep(1_500);
    assert.ok(processAlive(found.trainer), 'the busy trainer cannot stop at a batch boundary');
    child.kill('SIGINT');
    const exit = await exitOf(child);
    assert.equal(exit.code, 130, output());
    assert.match(output(), /Ctrl\+C again/);
    await allGone(found);
    const run = onlyRun(dir);
    assert.equal(run.info.status, 'stopped');
    assert.match(run.info.exit?.reason ?? '', /did not stop at a batch boundary/);
    assert.equal(run.info.exit?.signal, 'SIGKILL');
    assertLockReleased(dir);
  });

  it('extension: Stop ends the trainer at a batch boundary and the children the model file started', async () => {
    const dir = bareFolder({ 'model.ts': LONG_WITH_CHILDREN });
    const received: TrainerToHost[] = [];
    const trainer = startTrainer(dir, received);
    const found = await spawnedBy(dir);
    await waitFor(() => received.some((message) => message.type === 'batches'), 60_000, 'the first batches');
    const exit = await trainer.stop();
    assert.equal(exit.code, 0);
    assert.equal(exit.stopForced, false);
    await allGone(found);
    assert.equal(onlyRun(dir).info.status, 'stopped');
  });

  it('extension: a graceful shutdown (deactivate) waits briefly, then kills a trainer that never yields', async () => {
    const dir = bareFolder({ 'model.ts': BUSY_WITH_CHILDREN });
    const received: TrainerToHost[] = [];
    const trainer = startTrainer(dir, received);
    const found = await spawnedBy(dir);
    const asked = Date.now();
    const exit = await trainer.stop(1_500);
    assert.ok(Date.now() - asked >= 1_400, 'it was given its grace period');
    assert.equal(exit.stopForced, true);
    await allGone(found);
    const runDir = received.find((message) => message.type === 'runCreated');
    assert.ok(runDir?.type === 'runCreated');
    const recorded = recordExitInRun(runDir.runDir, exit);
    assert.equal(recorded?.status, 'stopped');
    assert.match(recorded?.exit?.reason ?? '', /did not stop at a batch boundary/);
  });

  it('the supervisor’s death ends a trainer stuck in a busy loop, its children and its scratch folder', async () => {
    const dir = bareFolder({ 'model.ts': BUSY_WITH_CHILDREN });
    const scratchDir = fs.mkdtempSync(path.join(dir, 'scratch-'));
    // A stand-in editor that forks the trainer as TrainerProcess does (its own process group), then is killed.
    const parentScript = `
      const { fork } = require('node:child_process');
      const child = fork(${JSON.stringify(TRAINER)}, [], {
        cwd: ${JSON.stringify(dir)}, stdio: ['ignore', 'ignore', 'ignore', 'ipc'], detached: true, serialization: 'advanced',
        env: { ...process.env, TENSORSCOPE_SCRATCH_DIR: ${JSON.stringify(scratchDir)} },
      });
      child.send({ v: 1, type: 'start', command: 'train', modelFile: ${JSON.stringify(path.join(dir, 'model.ts'))}, options: { backend: 'auto' } });
      setInterval(() => undefined, 1000);`;
    const parent = spawn(process.execPath, ['-e', parentScript], { stdio: 'ignore' });
    const found = await spawnedBy(dir);
    assert.equal(found.scratchDir, scratchDir);
    parent.kill('SIGKILL');
    await allGone(found);
    const run = onlyRun(dir);
    assert.equal(run.info.status, 'stopped');
    assert.match(run.info.exit?.reason ?? '', /supervisor .* went away/);
    assertLockReleased(dir);
  });

  it('a trainer killed while it loads the model file leaves no bundle in the temp folder', async () => {
    const loadingForever = `import * as fs from 'node:fs';
const scratchDir = process.env.TENSORSCOPE_SCRATCH_DIR ?? '';
fs.writeFileSync(process.cwd() + '/spawned.json', JSON.stringify({ trainer: process.pid, children: [], scratchDir, scratchEntries: fs.readdirSync(scratchDir) }));
for (;;) {}
`;
    const dir = bareFolder({ 'model.ts': loadingForever });
    const trainer = startTrainer(dir, []);
    const found = await spawnedBy(dir);
    assert.ok(found.scratchEntries.length > 0, 'the bundle was there while loading');
    trainer.kill();
    await trainer.exited;
    await allGone(found);
  });
});

/**
 * Model-file code that starts a detached child, and a short-lived process that starts a detached
 * grandchild and then ends (the grandchild is re-parented: it is no longer below the trainer).
 */
const START_DETACHED_FAMILY = `
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
const child = spawn('sleep', ['600'], { stdio: 'ignore', detached: true });
child.unref();
const middle = spawn(process.execPath, ['-e', \`
  const grandchild = require('node:child_process').spawn('sleep', ['600'], { stdio: 'ignore', detached: true });
  grandchild.unref();
  console.log(grandchild.pid);
  setTimeout(() => process.exit(0), 3000);\`], { stdio: ['ignore', 'pipe', 'ignore'] });
middle.stdout.once('data', (data) => fs.writeFileSync(process.cwd() + '/spawned.json', JSON.stringify({
  trainer: process.pid, children: [child.pid, Number(String(data).trim())], middle: middle.pid,
  scratchDir: process.env.TENSORSCOPE_SCRATCH_DIR ?? '', scratchEntries: [],
})));
`;

describe('no process left behind when the trainer is killed from outside (extension)', () => {
  it('SIGKILL to the trainer ends the detached processes it started, also one whose parent had ended', async () => {
    const dir = bareFolder({ 'model.ts': START_DETACHED_FAMILY + TINY_MODEL.replace('epochs: 4', 'epochs: 5000') });
    const received: TrainerToHost[] = [];
    const trainer = startTrainer(dir, received);
    const found = await spawnedBy(dir);
    const { middle } = JSON.parse(fs.readFileSync(path.join(dir, 'spawned.json'), 'utf8')) as { middle: number };
    await waitFor(() => !processAlive(middle), 15_000, 'the middle process to end');
    // Listings after the grandchild was re-parented (every 2 s, more often while batches come).
    await sleep(2_500);
    assert.deepEqual(alive(found.children), found.children, 'the detached processes outlived their parents');
    process.kill(found.trainer, 'SIGKILL');
    const exit = await trainer.exited;
    assert.equal(exit.signal, 'SIGKILL');
    await allGone(found);
  });
});

describe('however the trainer ends, run.json says how (CLI)', () => {
  it('SIGTERM to the trainer: run stopped with the signal, exit 130', async () => {
    const dir = bareFolder({ 'model.ts': LONG_WITH_CHILDREN });
    const { child, output } = cli(dir, ['train', 'model.ts']);
    const found = await spawnedBy(dir);
    await waitFor(() => /Epoch 1\//.test(output()), 60_000, 'the first epoch');
    process.kill(found.trainer, 'SIGTERM');
    const exit = await exitOf(child);
    assert.equal(exit.code, 130, output());
    await allGone(found);
    const run = onlyRun(dir);
    assert.equal(run.info.status, 'stopped');
    assert.equal(run.info.exit?.signal, 'SIGTERM');
    assert.match(run.info.exit?.reason ?? '', /ended from outside \(signal SIGTERM\)/);
    assert.ok(run.batches.length > 0);
  });

  it('process.exit(3) in a model file: run failed at that line, exit code kept, CLI exits 1', async () => {
    const model = TINY_MODEL.replace(
      'export function createModel(): tf.LayersModel {',
      'export function createModel(): tf.LayersModel {\n  console.log("giving up");\n  process.exit(3);',
    );
    const dir = bareFolder({ 'model.ts': model });
    const { child, output } = cli(dir, ['train', 'model.ts']);
    const exit = await exitOf(child);
    assert.equal(exit.code, 1, output());
    assert.match(
      output(),
      /model\.ts:7:\d+: error: The model file called process\.exit\(3\) before the run finished\./,
    );
    const run = onlyRun(dir);
    assert.equal(run.info.status, 'failed');
    assert.equal(run.info.error?.location?.line, 7);
    assert.equal(run.info.exit?.code, 3);
    assert.match(run.info.exit?.outputTail ?? '', /giving up/);
  });

  it('a script whose own argument parser exits 2: run failed, exit code and usage text recorded', async () => {
    const script = `const tf = require('@tensorflow/tfjs');
const args = process.argv.slice(2);
if (!args.includes('--data')) {
  console.error('usage: train.js --data <file> [--epochs N]');
  process.exit(2);
}
const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
model.fit(tf.ones([8, 1]), tf.ones([8, 1]), { epochs: 1 });
`;
    const dir = bareFolder({ 'train.js': script });
    const { child, output } = cli(dir, ['train', 'train.js']);
    const exit = await exitOf(child);
    assert.equal(exit.code, 1, output());
    assert.match(output(), /train\.js:5:\d+: error: The script called process\.exit\(2\) before it trained\./);
    assert.match(output(), /hint: .*after `--`/);
    const run = onlyRun(dir);
    assert.equal(run.info.status, 'failed');
    assert.equal(run.info.exit?.code, 2);
    assert.match(run.info.exit?.outputTail ?? '', /usage: train\.js --data <file>/);
  });

  it('a script that calls process.exit(0) once it has trained: run completed', async () => {
    const script = `const tf = require('@tensorflow/tfjs');
async function main() {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
  model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  await model.fit(tf.ones([8, 1]), tf.ones([8, 1]), { epochs: 2 });
  process.exit(0);
}
main();
`;
    const dir = bareFolder({ 'train.js': script });
    const { child, output } = cli(dir, ['train', 'train.js']);
    assert.equal((await exitOf(child)).code, 0, output());
    const run = onlyRun(dir);
    assert.equal(run.info.status, 'completed');
    assert.equal(run.epochs.length, 2);
    assert.equal(
      run.info.exit?.reason,
      'The script called process.exit(0) after training.',
      'not "ended unexpectedly"',
    );
  });

  it('a promise that never settles: run failed saying where, CLI exits 1 at once', async () => {
    const model = TINY_MODEL.replace(
      'export function loadData() {',
      'export async function loadData() {\n  await new Promise(() => undefined);',
    );
    const dir = bareFolder({ 'model.ts': model });
    const { child, output } = cli(dir, ['train', 'model.ts']);
    const exit = await exitOf(child);
    assert.equal(exit.code, 1, output());
    assert.match(output(), /error: The model file is waiting on a promise that never settles \(in loadData\(\)\)/);
    assert.equal(onlyRun(dir).info.status, 'failed');
  });

  it('an exception thrown in a timer: run failed at the throwing line', async () => {
    const model = TINY_MODEL.replace('epochs: 4', 'epochs: 500').replace(
      'export function loadData() {',
      "export function loadData() {\n  setTimeout(() => {\n    throw new Error('timer went wrong');\n  }, 300);",
    );
    const dir = bareFolder({ 'model.ts': model });
    const { child, output } = cli(dir, ['train', 'model.ts']);
    const exit = await exitOf(child);
    assert.equal(exit.code, 1, output());
    assert.match(output(), /model\.ts:13:\d+: error: timer went wrong/);
    const run = onlyRun(dir);
    assert.equal(run.info.status, 'failed');
    assert.equal(run.info.error?.location?.line, 13);
  });

  it('output piped into `head`: a closed stdout is not a crash, the run completes, exit 0', () => {
    const dir = bareFolder({ 'model.ts': TINY_MODEL.replace('epochs: 4', 'epochs: 30') });
    const result = spawnSync(
      'bash',
      ['-o', 'pipefail', '-c', `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} train model.ts | head -n 1`],
      { cwd: dir, encoding: 'utf8', timeout: 240_000 },
    );
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.equal(result.stdout.trim().split('\n').length, 1);
    assert.match(result.stderr, /the output was closed; training goes on/);
    const run = onlyRun(dir);
    assert.equal(run.info.status, 'completed');
    assert.equal(run.epochs.length, 30);
  });
});
