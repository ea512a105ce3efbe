/**
 * The writer normalises, the reader tolerates: model files with whatever config values and layer
 * names real code writes (optimizer objects, metric functions, long and odd strings) are trained
 * for a step with the real CLI, and every reader of a run accepts what the trainer wrote.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { compareMessage } from '../../extension/host/history/compareData';
import { readRunSummaries } from '../../extension/host/history/runSummary';
import { runItemShape } from '../../extension/host/history/runTreeShape';
import { recordedHeader } from '../../extension/host/runHeader';
import { parseHostToCompareMessage } from '../../extension/protocol/compareMessages';
import { parseHostToPanelMessage } from '../../extension/protocol/panelMessages';
import { PROTOCOL_VERSION, stamp } from '../../extension/protocol/version';
import { exportRun } from '../../extension/runs/export/exportRun';
import { listRunDirs, readRun, type RunContents } from '../../extension/runs/runReader';
import { findResumePoint } from '../../extension/trainer/resumePoint';
import { assertBuilt, bareFolder, runCli } from './harness';
import { toBatchColumns } from '../../extension/protocol/batchColumns';

before(assertBuilt);

interface ModelSource {
  config: string;
  layerNames: [string, string];
}

function modelFile({ config, layerNames }: ModelSource): string {
  return `import * as tf from '@tensorflow/tfjs';

function customMetric(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  return tf.metrics.meanAbsoluteError(yTrue, yPred);
}

export const config = ${config};

export function createModel() {
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 4, activation: 'relu', inputShape: [2], name: ${JSON.stringify(layerNames[0])} }),
      tf.layers.dense({ units: 1, name: ${JSON.stringify(layerNames[1])} }),
    ],
  });
}

export function loadData() {
  const xs = tf.randomUniform([8, 2], -1, 1, 'float32', 3);
  return { train: { xs, ys: xs.sum(1, true) } };
}
`;
}

/** Every reader of a run folder, each asserting it accepts the run. */
async function assertEveryReaderAccepts(workspace: string, runDir: string): Promise<RunContents> {
  const run = readRun(runDir);
  assert.ok(run, 'readRun accepts the run');
  for (const format of ['csv', 'tensorboard'] as const)
    await exportRun({ runDir, format, outDir: path.join(workspace, `export-${format}`) });
  if (run.info.status === 'completed') assert.doesNotThrow(() => findResumePoint(runDir, { epochs: 99 }));
  const [summary] = readRunSummaries([workspace]);
  assert.equal(summary?.runDir, runDir, 'Run History lists it');
  assert.ok(runItemShape(summary).label.length > 0);
  const compared = parseHostToCompareMessage(stamp(compareMessage([run, run])));
  assert.ok(compared.ok, `Compare accepts it: ${compared.ok ? '' : compared.error}`);
  const snapshot = parseHostToPanelMessage({
    v: PROTOCOL_VERSION,
    type: 'snapshot',
    header: recordedHeader(run.info, run.batches.at(-1), run.epochs.at(-1)),
    batches: toBatchColumns(run.batches),
    epochs: run.epochs,
    controls: run.controls,
  });
  assert.ok(snapshot.ok, `the panel's snapshot accepts it: ${snapshot.ok ? '' : snapshot.error}`);
  return run;
}

async function trainOnce(source: ModelSource): Promise<{ run: RunContents; stdout: string; status: number | null }> {
  const dir = bareFolder({ 'model.ts': modelFile(source) });
  const result = runCli(['train', 'model.ts', '--epochs', '1', '--batch-size', '8'], dir);
  const [runDir] = listRunDirs(dir);
  assert.ok(runDir, `a run folder was written\n${result.stdout}${result.stderr}`);
  return { run: await assertEveryReaderAccepts(dir, runDir), stdout: result.stdout, status: result.code };
}

const LONG = 'x'.repeat(300);

describe('every reader accepts every run the trainer writes', () => {
  it('an optimizer object and a custom metric function are recorded as sgd at 0.1 and the metric’s name', async () => {
    const { run, stdout, status } = await trainOnce({
      config: `{ epochs: 1, optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError', metrics: [customMetric] }`,
      layerNames: ['hidden', 'out'],
    });
    assert.equal(status, 0, stdout);
    assert.doesNotMatch(stdout, /\[object Object\]/);
    assert.match(stdout, /\bsgd\b/);
    assert.equal(run.info.status, 'completed');
    assert.equal(run.info.config?.optimizer, 'sgd');
    assert.equal(run.info.config?.learningRate, 0.1);
    assert.deepEqual(run.info.config?.metrics, ['customMetric']);
  });

  it('over-long metric and layer names are cut short in every record, kept whole in long-texts.json', async () => {
    const longMetric = `{ ${JSON.stringify(LONG)}: (a: tf.Tensor, b: tf.Tensor) => tf.metrics.meanAbsoluteError(a, b) }`;
    const { run, status, stdout } = await trainOnce({
      config: `{ epochs: 1, loss: 'meanSquaredError', metrics: [customMetric, ${longMetric}[${JSON.stringify(LONG)}]] }`,
      layerNames: [`a${LONG}`, 'out'],
    });
    assert.equal(status, 0, stdout);
    const metric = run.info.config?.metrics[1] ?? '';
    assert.equal(metric.length, 128);
    assert.ok(metric.endsWith('…'));
    const layerName = run.info.summary?.layers[0]?.name ?? '';
    assert.equal(layerName.length, 256);
    assert.equal(run.layers[0]?.name, layerName, 'the layers record holds the same bounded name');
    const longFile = path.join(
      path.dirname(run.info.modelFile),
      '.tensorscope',
      'runs',
      run.info.runId,
      'long-texts.json',
    );
    const long = JSON.parse(fs.readFileSync(longFile, 'utf8')) as Record<string, string>;
    assert.equal(long['config.metrics[1]'], LONG);
    assert.equal(long['summary.layers[0].name'], `a${LONG}`);
  });

  it('property: arbitrary config values and layer names (a few cases, one step each)', async () => {
    const configValue = fc.oneof(
      fc.constantFrom(
        'tf.train.sgd(0.05)',
        'tf.train.adam(0.01)',
        'tf.train.momentum(0.01, 0.9)',
        'customMetric',
        '(a: tf.Tensor, b: tf.Tensor) => tf.losses.meanSquaredError(a, b)',
        'null',
        '[customMetric, customMetric]',
        '{ nested: { deep: [1, 2, 3] } }',
      ),
      fc.string({ unit: 'binary', maxLength: 400 }).map((text) => JSON.stringify(text)),
      fc.double().map((value) => (Number.isFinite(value) ? String(value) : 'NaN')),
    );
    const layerName = fc.string({ unit: 'binary', minLength: 1, maxLength: 320 });
    await fc.assert(
      fc.asyncProperty(
        configValue,
        configValue,
        configValue,
        fc.tuple(layerName, layerName).filter(([a, b]) => a !== b),
        async (optimizer, loss, metric, layerNames) => {
          const config = `{ epochs: 1, optimizer: ${optimizer}, loss: ${loss}, metrics: [${metric}], extra: ${metric} }`;
          const { stdout } = await trainOnce({ config, layerNames });
          assert.doesNotMatch(stdout, /\[object Object\]/);
        },
      ),
      { numRuns: 4, seed: 11 },
    );
  });
});
