/** Readers accept runs the way older writers left them, and a rejected message is described, not dropped. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { describeRejectedMessage } from '../../extension/host/rejectedMessage';
import { parseTrainerMessage } from '../../extension/protocol/trainerMessages';
import { PROTOCOL_VERSION } from '../../extension/protocol/version';
import { boundConfig, boundSummary, describeValue } from '../../extension/runs/boundedRecord';
import { readRun, readRunInfo } from '../../extension/runs/runReader';
import { StrideSample } from '../../extension/runs/strideSample';

let runDir: string;

beforeEach(() => {
  runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorscope-old-run-'));
});
afterEach(() => fs.rmSync(runDir, { recursive: true, force: true }));

/** run.json as Tensorscope 0.1 wrote it for `optimizer: tf.train.sgd(0.1)` and `metrics: [customMetric]`. */
const OLD_RUN = {
  formatVersion: 1,
  runId: '20261120-101010-model-abcd',
  status: 'completed',
  command: 'train',
  modelFile: '/w/model.ts',
  startedAt: '2026-11-20T10:10:10.000Z',
  endedAt: '2026-11-20T10:11:10.000Z',
  pid: 4242,
  hostname: 'elsewhere',
  config: {
    epochs: 2,
    batchSize: 8,
    optimizer: { learningRate: 0.1, c: { isDisposedInternal: false } },
    learningRate: null,
    loss: 'meanSquaredError',
    metrics: [null],
    validationSplit: 0,
    shuffle: 'yes',
  },
  backend: null,
  summary: {
    name: 'm',
    layers: [{ name: 'x'.repeat(400), className: 'Dense', outputShape: [[null, 1]], params: 3, trainableParams: 3 }],
    totalParams: 3,
    trainableParams: 3,
  },
  error: null,
  someFutureField: { anything: true },
};

describe('readers tolerate what older writers recorded', () => {
  it('a 0.1 run with an optimizer object and [null] metrics is read, its odd fields described', () => {
    fs.writeFileSync(path.join(runDir, 'run.json'), JSON.stringify(OLD_RUN));
    fs.writeFileSync(
      path.join(runDir, 'metrics.jsonl'),
      '{"type":"batch","epoch":1,"batch":0,"step":1,"time":1,"loss":0.5}\n{"type":"epoch","epoch":1,"step":1,"time":2,"loss":0.5}\n',
    );
    const info = readRunInfo(runDir);
    assert.ok(info, 'the run is readable');
    assert.equal(info.status, 'completed');
    assert.equal(info.config?.optimizer, '{"learningRate":0.1,"c":{"isDisposedInternal":false}}');
    assert.deepEqual(info.config?.metrics, ['null']);
    assert.equal(info.summary?.layers[0]?.name.length, 256);
    assert.equal(readRun(runDir)?.batches.length, 1);
  });

  it('a run.json missing fields keeps its status and takes its id from the folder', () => {
    fs.writeFileSync(path.join(runDir, 'run.json'), JSON.stringify({ formatVersion: 1, status: 'stopped' }));
    const info = readRunInfo(runDir);
    assert.equal(info?.runId, path.basename(runDir));
    assert.equal(info?.status, 'stopped');
  });

  it('JSON that is not a run record is not taken for one', () => {
    fs.writeFileSync(path.join(runDir, 'run.json'), JSON.stringify({ hello: 'world' }));
    assert.equal(readRunInfo(runDir), undefined);
  });
});

describe('the writer describes any config value', () => {
  it('functions by name, optimizer-like objects by class and learning rate, long texts bounded', () => {
    function myMetric() {
      return 0;
    }
    const optimizer = { getClassName: () => 'Adam', getConfig: () => ({ learningRate: 0.01 }) };
    assert.equal(describeValue(myMetric), 'myMetric');
    assert.equal(
      describeValue(() => 0),
      'anonymous function',
    );
    assert.equal(describeValue(optimizer), 'Adam(learningRate=0.01)');
    const long: Record<string, string> = {};
    const config = boundConfig({ optimizer, loss: 'l'.repeat(200), metrics: [myMetric] }, long);
    assert.equal(config.optimizer, 'adam');
    assert.equal(config.learningRate, 0.01);
    assert.equal(config.loss.length, 128);
    assert.deepEqual(config.metrics, ['myMetric']);
    assert.equal(long['config.loss'], 'l'.repeat(200));
  });
});

describe('bounding a model summary', () => {
  it('keeps every valid field (source, the helper that built the layer) and bounds the names', () => {
    const builtBy = { helper: 'residualBlock', call: 1, site: { file: '/w/model.ts', line: 9, column: 3 } };
    const layer = {
      name: 'n'.repeat(300),
      className: 'Dense',
      outputShape: [[null, 4]],
      params: 8,
      trainableParams: 8,
      builtBy,
    };
    const summary = boundSummary({ name: 'm', layers: [layer], totalParams: 8, trainableParams: 8 });
    assert.deepEqual(summary.layers[0]?.builtBy, builtBy);
    assert.equal(summary.layers[0]?.name.length, 256);
  });
});

describe('a message the host rejects', () => {
  it('is described with its type, field and value', () => {
    const raw = {
      v: PROTOCOL_VERSION,
      type: 'trainingStarted',
      backend: { name: 'cpu', native: 'no', packageName: 'p', packagePath: '/p', version: '1', reason: 'r' },
      config: {
        epochs: 1,
        batchSize: 1,
        optimizer: 'o'.repeat(70),
        learningRate: null,
        loss: 'mse',
        metrics: [],
        validationSplit: 0,
        shuffle: 'yes',
      },
      summary: { name: 'm', layers: [], totalParams: 0, trainableParams: 0 },
      stepsPerEpoch: null,
      samplesPerEpoch: null,
    };
    const parsed = parseTrainerMessage(raw);
    assert.equal(parsed.ok, false);
    const text = describeRejectedMessage(raw, parsed.ok ? '' : parsed.error);
    assert.match(
      text,
      /^trainingStarted rejected: config\.optimizer: expected a string of at most 64 characters, got string; value: "o{70}"$/,
    );
  });
});

describe('reading a long run in bounded memory', () => {
  it('StrideSample keeps a uniform sample within its capacity, ending with the newest item', () => {
    const sample = new StrideSample<number>(100);
    for (let i = 0; i < 100_000; i++) sample.push(i);
    const kept = sample.values();
    assert.ok(kept.length <= 101, `${kept.length} kept`);
    assert.ok(kept.length > 50);
    assert.equal(kept[0], 0);
    assert.equal(kept.at(-1), 99_999);
    const gaps = new Set(kept.slice(1, -1).map((value, i) => value - (kept[i] as number)));
    assert.equal(gaps.size, 1, 'evenly spaced');
  });
});
