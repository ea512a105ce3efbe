import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProgressPrinter } from '../../extension/cli/progressPrinter';
import type { BackendInfo, TrainingConfig } from '../../extension/protocol/model';
import type { OutgoingMessage } from '../../extension/trainer/batchCoalescer';

const BACKEND: BackendInfo = {
  name: 'cpu',
  native: 'no',
  packageName: '@tensorflow/tfjs',
  packagePath: '/',
  version: '4.22.0',
  reason: 'test',
};
const CONFIG: TrainingConfig = {
  epochs: 2,
  batchSize: 32,
  optimizer: 'adam',
  learningRate: null,
  loss: 'meanSquaredError',
  metrics: [],
  validationSplit: 0,
  shuffle: 'yes',
};

/** A printer writing into `lines`, on a clock the test moves. */
function printer(isTTY: boolean) {
  const clock = { now: 0 };
  const output: string[] = [];
  const print = new ProgressPrinter({ isTTY, columns: 120, write: (text) => output.push(text) }, '/', {
    now: () => clock.now,
    pipedProgressEveryMs: 10_000,
  });
  const send = (message: OutgoingMessage) => print.handle(message);
  send({
    type: 'trainingStarted',
    backend: BACKEND,
    config: CONFIG,
    summary: { name: 'm', layers: [], totalParams: 0, trainableParams: 0 },
    stepsPerEpoch: 100,
    samplesPerEpoch: 3200,
  });
  const lines = () => output.join('').split('\n').filter(Boolean);
  return { clock, send, lines };
}

const batch = (epoch: number, index: number, step: number) => ({
  epoch,
  batch: index,
  step,
  time: 0,
  logs: { loss: 1 / step },
});

describe('progress printer', () => {
  it('prints a progress line every 10 s when stdout is not a terminal', () => {
    const { clock, send, lines } = printer(false);
    const before = lines().length;
    for (let step = 1; step <= 100; step++) {
      clock.now = step * 250; // 25 s for the epoch
      send({ type: 'batches', records: [batch(1, step - 1, step)] });
    }
    const progress = lines().slice(before);
    assert.equal(progress.length, 2, progress.join('\n'));
    assert.match(progress[0] ?? '', /^Epoch 1\/2 40\/100 - loss: 0\.0250 - ETA /);
    assert.match(progress[1] ?? '', /^Epoch 1\/2 80\/100 - /);
    assert.ok(!progress.join('').includes('\r'), 'no carriage returns in a log');
  });

  it('counts the 10 s from the last line printed (an epoch line resets it)', () => {
    const { clock, send, lines } = printer(false);
    clock.now = 9_000;
    send({ type: 'epochEnd', record: { epoch: 1, step: 100, time: 0, durationMs: 9000, samplesPerSec: 1, logs: {} } });
    clock.now = 18_000;
    send({ type: 'batches', records: [batch(2, 0, 101)] });
    assert.ok(!lines().some((line) => line.startsWith('Epoch 2/2 1/100')), 'only 9 s since the epoch line');
    clock.now = 19_001;
    send({ type: 'batches', records: [batch(2, 1, 102)] });
    assert.ok(lines().some((line) => line.startsWith('Epoch 2/2 2/100')));
  });

  it('numbers the epochs of a script that calls fit() again and again', () => {
    const { clock, send, lines } = printer(false);
    const epochEnd = (epoch: number) =>
      send({
        type: 'epochEnd',
        record: { epoch, step: epoch * 100, time: 0, durationMs: 1, samplesPerSec: 1, logs: {} },
      });
    epochEnd(1);
    epochEnd(2);
    clock.now = 1;
    send({ type: 'control', record: { action: 'fit', step: 200, epoch: 2, time: 0, value: 1 } });
    epochEnd(3);
    send({ type: 'control', record: { action: 'fit', step: 300, epoch: 3, time: 0, value: 2 } });
    epochEnd(4);
    epochEnd(5);
    const epochs = lines().filter((line) => line.startsWith('Epoch'));
    assert.deepEqual(
      epochs.map((line) => line.split(' - ')[0]),
      ['Epoch 1/2', 'Epoch 2/2', 'Epoch 3 (fit call 2: 1/1)', 'Epoch 4 (fit call 3: 1/2)', 'Epoch 5 (fit call 3: 2/2)'],
    );
  });
});
