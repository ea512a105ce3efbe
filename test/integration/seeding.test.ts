/**
 * Seeded runs: a model file that draws its task at random without a seed gets the same task on
 * evaluate (the run's seed is reused), a given --seed reproduces a run, and data that changes
 * between loadData() calls anyway is reported.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { readEvaluations } from '../../extension/runs/evaluationRecords';
import type { RunInfo } from '../../extension/runs/runFiles';
import { listRunDirs, readRun, type RunContents } from '../../extension/runs/runReader';
import { assertBuilt, bareFolder, runCli } from './harness';

before(assertBuilt);

/** The labels come from a random hyperplane drawn without a seed: each loadData() call is a new task, unless seeded. */
const RANDOM_TASK = `import * as tf from '@tensorflow/tfjs';

export const config = { epochs: 6, batchSize: 32, learningRate: 0.05, loss: 'binaryCrossentropy', metrics: ['accuracy'] };

export function createModel() {
  return tf.sequential({
    layers: [tf.layers.dense({ units: 8, activation: 'relu', inputShape: [4] }), tf.layers.dense({ units: 1, activation: 'sigmoid' })],
  });
}

export function loadData() {
  const plane = tf.tensor2d([0, 1, 2, 3].map(() => Math.random() * 2 - 1), [4, 1]);
  const split = (count: number) => {
    const xs = tf.randomNormal([count, 4]);
    return { xs, ys: xs.matMul(plane).greater(0).toFloat() };
  };
  return { train: split(512), test: split(256) };
}
`;

/** Data from the operating system's random source, which no seed reaches. */
const UNSEEDABLE = RANDOM_TASK.replace(
  'export function loadData() {',
  "import { randomBytes } from 'node:crypto';\n\nexport function loadData() {\n  const noise = tf.tensor1d(Array.from(randomBytes(4), (byte) => byte / 255 - 0.5));",
).replace(
  'const plane = tf.tensor2d([0, 1, 2, 3].map(() => Math.random() * 2 - 1), [4, 1]);',
  'const plane = noise.reshape([4, 1]);',
);

/** Reads its examples from a CSV file next to it, as people load a data set they exported. */
const FROM_CSV = `import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';

export const config = { epochs: 2, batchSize: 16, loss: 'meanSquaredError' };

export function createModel() {
  return tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
}

export function loadData() {
  const rows = fs
    .readFileSync(path.join(__dirname, 'points.csv'), 'utf8')
    .trim()
    .split('\\n')
    .slice(1)
    .map((line) => line.split(',').map(Number));
  const xs = tf.tensor2d(rows.map(([a, b]) => [a, b]));
  const ys = tf.tensor2d(rows.map((row) => [row[2]]));
  return { train: { xs, ys } };
}
`;

function pointsCsv(slope: number): string {
  const rows = Array.from({ length: 64 }, (_, i) => {
    const [a, b] = [(i % 8) / 4 - 1, Math.floor(i / 8) / 4 - 1];
    return `${a},${b},${slope * a - b}`;
  });
  return `a,b,y\n${rows.join('\n')}\n`;
}

function runs(dir: string): RunContents[] {
  return listRunDirs(dir).map((runDir) => readRun(runDir) as RunContents);
}

describe('seeded runs', () => {
  it('evaluates on the task the run trained on, with the run’s seed, and says nothing', () => {
    const dir = bareFolder({ 'model.ts': RANDOM_TASK });
    const trained = runCli(['train', 'model.ts'], dir);
    assert.equal(trained.code, 0, trained.stdout + trained.stderr);
    const evaluated = runCli(['evaluate', 'model.ts'], dir);
    assert.equal(evaluated.code, 0, evaluated.stdout + evaluated.stderr);
    assert.doesNotMatch(evaluated.stdout, /warning/);
    const accuracy = Number(/on the test split: .*acc: ([\d.]+)/.exec(evaluated.stdout)?.[1]);
    assert.ok(accuracy >= 0.85, `test accuracy ${accuracy} on the task it trained on (chance: 0.5)`);
    const [train, ...others] = runs(dir);
    assert.equal(others.length, 0, 'the evaluation is recorded inside the run, not as a run of its own');
    assert.equal(typeof train?.info.seed, 'number');
    assert.match(train?.info.dataChecksum ?? '', /^[0-9a-f]{8}$/);
    const [evaluation] = readEvaluations(listRunDirs(dir)[0] as string, train?.info as RunInfo);
    assert.equal(evaluation?.seed, train?.info.seed);
    assert.equal(evaluation?.dataChanged, false);
  });

  it('--seed N reproduces a run: same initial weights, shuffles and data', () => {
    const dir = bareFolder({ 'model.ts': RANDOM_TASK });
    for (let i = 0; i < 2; i++) {
      const result = runCli(['train', 'model.ts', '--seed', '1234', '--epochs', '2'], dir);
      assert.equal(result.code, 0, result.stdout + result.stderr);
    }
    const [first, second] = runs(dir);
    assert.equal(first?.info.seed, 1234);
    assert.equal(first?.info.dataChecksum, second?.info.dataChecksum);
    const losses = (run: RunContents | undefined) => run?.batches.slice(0, 5).map((batch) => batch.logs.loss) ?? [];
    assert.deepEqual(losses(first), losses(second));
  });

  it('warns when loadData() returns other data on evaluate than the run trained on', () => {
    const dir = bareFolder({ 'model.ts': UNSEEDABLE });
    assert.notEqual(UNSEEDABLE, RANDOM_TASK);
    assert.equal(runCli(['train', 'model.ts', '--epochs', '1'], dir).code, 0);
    const evaluated = runCli(['evaluate', 'model.ts'], dir);
    assert.equal(evaluated.code, 0, evaluated.stdout + evaluated.stderr);
    assert.match(
      evaluated.stdout,
      /warning: loadData\(\) returned other data than when run \S+ trained \(its first examples differ\): the evaluation scores the model on another task\./,
    );
  });

  it('warns when a resumed run’s loadData() reads a data file that changed since it trained, not when it did not', () => {
    const dir = bareFolder({ 'model.ts': FROM_CSV, 'points.csv': pointsCsv(2) });
    const trained = runCli(['train', 'model.ts'], dir);
    assert.equal(trained.code, 0, trained.stdout + trained.stderr);
    const [runDir = ''] = listRunDirs(dir);
    const unchanged = runCli(['resume', runDir, '--epochs', '3'], dir);
    assert.equal(unchanged.code, 0, unchanged.stdout + unchanged.stderr);
    assert.doesNotMatch(unchanged.stdout, /warning/);

    fs.writeFileSync(path.join(dir, 'points.csv'), pointsCsv(-3));
    const resumed = runCli(['resume', runDir, '--epochs', '4'], dir);
    assert.equal(resumed.code, 0, resumed.stdout + resumed.stderr);
    assert.match(
      resumed.stdout,
      new RegExp(
        `warning: loadData\\(\\) returned other data than when run ${path.basename(runDir)} trained \\(its first examples differ\\): resuming trains on another task, so the loss may jump\\.`,
      ),
    );
    assert.equal(readRun(runDir)?.epochs.length, 4, 'the resume goes on (a warning, not a refusal)');
  });
});
