/**
 * The compiled training step against tfjs's own eager step: two copies of a model with the same
 * initial weights train on the same batches, one through `trainOnBatch` (what `fit` runs per
 * batch) and one through the graph; losses, metrics and every weight and optimizer slot must
 * agree at each step. Real tfjs-node, real SavedModel sessions.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tfNode from '@tensorflow/tfjs-node';
import type { LayersModel, Optimizer, SymbolicTensor, Tensor, layers } from '@tensorflow/tfjs';
import { CompiledTraining } from '../../extension/trainer/compiled/compiledTraining';
import { chooseExecution } from '../../extension/trainer/compiled/executionChoice';
import type { TensorFlow } from '../../extension/trainer/tensorflow';
import { setOptimizerLearningRate } from '../../extension/trainer/optimizerLearningRate';
import { resolveConfig } from '../../extension/trainer/trainingConfig';

const tf = tfNode as unknown as TensorFlow;

/** Largest |compiled - eager| allowed, relative to max(1, |eager|); see bench/README.md. */
const TOLERANCE = 1e-5;
const STEPS = 25;

interface Case {
  name: string;
  /** A Sequential's layers, or `model` for the functional API. */
  layers?: () => layers.Layer[];
  model?: () => LayersModel;
  optimizer: () => Optimizer;
  loss: string;
  metrics?: string[];
  x: (samples: number) => Tensor;
  y: (x: Tensor) => Tensor;
}

let seed = 1;
const init = () => tf.initializers.glorotUniform({ seed: seed++ });

const classes = (x: Tensor, count: number) =>
  tf.tidy(() => tf.oneHot(tf.argMax(x.reshape([x.shape[0] ?? 0, -1]).slice([0, 0], [-1, count]), 1), count).toFloat());
const dense = (units: number, activation?: 'relu' | 'softmax' | 'sigmoid' | 'tanh', inputShape?: number[]) =>
  tf.layers.dense({
    units,
    kernelInitializer: init(),
    ...(activation && { activation }),
    ...(inputShape && { inputShape }),
  });

const CASES: Case[] = [
  {
    name: 'Dense relu/softmax, categorical cross-entropy, Adam, accuracy',
    layers: () => [dense(16, 'relu', [12]), dense(4, 'softmax')],
    optimizer: () => tf.train.adam(0.01),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
    x: (n) => tf.randomNormal([n, 12], 0, 1, 'float32', 11),
    y: (x) => classes(x, 4),
  },
  {
    name: 'Dense, sparse categorical cross-entropy, SGD',
    layers: () => [dense(16, 'tanh', [12]), dense(4, 'softmax')],
    optimizer: () => tf.train.sgd(0.1),
    loss: 'sparseCategoricalCrossentropy',
    x: (n) => tf.randomNormal([n, 12], 0, 1, 'float32', 12),
    y: (x) =>
      tf.tidy(() =>
        tf
          .argMax(x.slice([0, 0], [-1, 4]), 1)
          .toFloat()
          .expandDims(1),
      ),
  },
  {
    name: 'Dense, mean squared error, RMSProp',
    layers: () => [dense(8, 'relu', [6]), dense(1)],
    optimizer: () => tf.train.rmsprop(0.01),
    loss: 'meanSquaredError',
    x: (n) => tf.randomNormal([n, 6], 0, 1, 'float32', 13),
    y: (x) => tf.tidy(() => x.sum(1, true)),
  },
  {
    name: 'Dense, mean absolute error, Adagrad',
    layers: () => [dense(8, 'relu', [6]), dense(1)],
    optimizer: () => tf.train.adagrad(0.05),
    loss: 'meanAbsoluteError',
    x: (n) => tf.randomNormal([n, 6], 0, 1, 'float32', 14),
    y: (x) => tf.tidy(() => x.sum(1, true)),
  },
  {
    name: 'Dense sigmoid, binary cross-entropy, SGD with momentum',
    layers: () => [dense(8, 'relu', [6]), dense(1, 'sigmoid')],
    optimizer: () => tf.train.momentum(0.05, 0.9),
    loss: 'binaryCrossentropy',
    metrics: ['accuracy'],
    x: (n) => tf.randomNormal([n, 6], 0, 1, 'float32', 15),
    y: (x) => tf.tidy(() => x.sum(1, true).greater(0).toFloat()),
  },
  {
    name: 'Conv2D, MaxPooling2D, BatchNormalization, Flatten, Adam',
    layers: () => [
      tf.layers.conv2d({
        inputShape: [8, 8, 2],
        filters: 4,
        kernelSize: 3,
        activation: 'relu',
        kernelInitializer: init(),
      }),
      tf.layers.batchNormalization(),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      dense(3, 'softmax'),
    ],
    optimizer: () => tf.train.adam(0.01),
    loss: 'categoricalCrossentropy',
    x: (n) => tf.randomNormal([n, 8, 8, 2], 0, 1, 'float32', 16),
    y: (x) => classes(x, 3),
  },
  {
    name: 'Embedding, Conv1D, AveragePooling1D, GlobalAveragePooling1D, Reshape, Activation, Adam',
    layers: () => [
      tf.layers.embedding({ inputDim: 20, outputDim: 4, inputLength: 10, embeddingsInitializer: init() }),
      tf.layers.conv1d({ filters: 6, kernelSize: 3, padding: 'same', kernelInitializer: init() }),
      tf.layers.activation({ activation: 'relu' }),
      tf.layers.averagePooling1d({ poolSize: 2 }),
      tf.layers.reshape({ targetShape: [5, 6] }),
      tf.layers.globalAveragePooling1d(),
      dense(2, 'softmax'),
    ],
    optimizer: () => tf.train.adam(0.01),
    loss: 'categoricalCrossentropy',
    x: (n) => tf.tidy(() => tf.randomUniform([n, 10], 0, 20, 'int32', 17).toFloat()),
    y: (x) => tf.tidy(() => tf.oneHot(x.slice([0, 0], [-1, 1]).squeeze([1]).greater(9).toInt(), 2).toFloat()),
  },
  {
    name: 'functional residual block: strided same-padded Conv2D, Add, GlobalAveragePooling2D, Adadelta',
    model: () => {
      const input = tf.input({ shape: [8, 8, 3] });
      const conv = (filters: number, strides: number) =>
        tf.layers.conv2d({ filters, kernelSize: 3, strides, padding: 'same', kernelInitializer: init() });
      const stem = conv(4, 2).apply(input) as SymbolicTensor;
      const body = tf.layers
        .activation({ activation: 'relu' })
        .apply(tf.layers.batchNormalization().apply(conv(4, 1).apply(stem))) as SymbolicTensor;
      const merged = tf.layers.add().apply([stem, body]) as SymbolicTensor;
      const pooled = tf.layers.globalAveragePooling2d({}).apply(merged) as SymbolicTensor;
      return tf.model({ inputs: input, outputs: dense(3, 'softmax').apply(pooled) as SymbolicTensor });
    },
    optimizer: () => tf.train.adadelta(1),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
    x: (n) => tf.randomNormal([n, 8, 8, 3], 0, 1, 'float32', 18),
    y: (x) => classes(x, 3),
  },
];

function buildModel(testCase: Case, caseSeed: number): LayersModel {
  seed = caseSeed;
  const model = testCase.model?.() ?? tf.sequential({ layers: testCase.layers?.() ?? [] });
  model.compile({ optimizer: testCase.optimizer(), loss: testCase.loss, metrics: testCase.metrics ?? [] });
  return model;
}

function relativeGap(a: Tensor, b: Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b)).div(tf.maximum(tf.abs(b), 1))).dataSync()[0] ?? Infinity);
}

describe('compiled training step matches the eager step', () => {
  for (const [index, testCase] of CASES.entries()) {
    it(testCase.name, async () => {
      const batchSize = 16;
      const samples = batchSize * 4 + 5; // a remainder batch too
      const x = testCase.x(samples);
      const y = testCase.y(x);
      const eager = buildModel(testCase, 100 + index * 10);
      const graph = buildModel(testCase, 100 + index * 10);
      const slice = (t: Tensor, start: number, size: number) => tf.slice(t, start, size);
      const compiled = await CompiledTraining.build(tf, graph, [
        { xs: [slice(x, 0, batchSize)], ys: [slice(y, 0, batchSize)] },
        { xs: [slice(x, 0, 5)], ys: [slice(y, 0, 5)] },
      ]);
      let worstLoss = 0;
      try {
        for (let step = 0; step < STEPS; step++) {
          const batchesPerEpoch = Math.ceil(samples / batchSize);
          const start = (step % batchesPerEpoch) * batchSize;
          const size = Math.min(batchSize, samples - start);
          const xb = slice(x, start, size);
          const yb = slice(y, start, size);
          const expected = (await eager.trainOnBatch(xb, yb)) as number | number[];
          const outputs = compiled.step([xb, yb]);
          const actual = outputs.map((output) => output.dataSync()[0] ?? Number.NaN);
          tf.dispose([xb, yb, ...outputs]);
          const expectedValues = Array.isArray(expected) ? expected : [expected];
          assert.equal(actual.length, expectedValues.length);
          expectedValues.forEach((value, i) => {
            const gap = Math.abs((actual[i] ?? Number.NaN) - value) / Math.max(1, Math.abs(value));
            worstLoss = Math.max(worstLoss, gap);
            assert.ok(gap <= TOLERANCE, `step ${step} output ${i}: compiled ${actual[i]} vs eager ${value}`);
          });
        }
        compiled.syncToModel();
        const eagerState = [...eager.getWeights(), ...(await eager.optimizer.getWeights()).map((w) => w.tensor)];
        const graphState = [...graph.getWeights(), ...(await graph.optimizer.getWeights()).map((w) => w.tensor)];
        assert.equal(graphState.length, eagerState.length);
        const gaps = eagerState.map((w, i) => relativeGap(graphState[i] as Tensor, w));
        const worstWeight = Math.max(...gaps);
        console.log(
          `  ${testCase.name}: worst loss gap ${worstLoss.toExponential(2)}, worst weight gap ${worstWeight.toExponential(2)}`,
        );
        assert.ok(worstWeight <= TOLERANCE, `weights differ by ${worstWeight}`);
      } finally {
        compiled.dispose();
        tf.dispose([x, y]);
      }
    });
  }
});

describe('dropout in the graph', () => {
  it('draws a fresh mask every step, like eager, and the learning rate is a live input', async () => {
    const build = () => {
      seed = 500;
      const model = tf.sequential({
        layers: [dense(32, 'relu', [8]), tf.layers.dropout({ rate: 0.5 }), dense(1)],
      });
      model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
      return model;
    };
    const x = tf.randomNormal([32, 8], 0, 1, 'float32', 21);
    const y = tf.tidy(() => x.sum(1, true));
    const graph = build();
    const eager = build();
    const compiled = await CompiledTraining.build(tf, graph, [{ xs: [x], ys: [y] }]);
    try {
      setOptimizerLearningRate(graph.optimizer, 0);
      setOptimizerLearningRate(eager.optimizer, 0);
      const graphLosses: number[] = [];
      const eagerLosses: number[] = [];
      for (let step = 0; step < 40; step++) {
        const outputs = compiled.step([x, y]);
        graphLosses.push(outputs[0]?.dataSync()[0] ?? Number.NaN);
        tf.dispose(outputs);
        eagerLosses.push((await eager.trainOnBatch(x, y)) as number);
      }
      assert.ok(new Set(graphLosses).size > 30, 'a new mask each step');
      const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
      const gap = Math.abs(mean(graphLosses) - mean(eagerLosses)) / mean(eagerLosses);
      assert.ok(gap < 0.25, `mean loss over 40 masks: graph ${mean(graphLosses)}, eager ${mean(eagerLosses)}`);
      const before = graph.getWeights().map((w) => w.dataSync().slice());
      compiled.syncToModel();
      graph.getWeights().forEach((w, i) => assert.deepEqual(w.dataSync(), before[i], 'learning rate 0: no change'));
      setOptimizerLearningRate(graph.optimizer, 0.01);
      for (let step = 0; step < 5; step++) tf.dispose(compiled.step([x, y]));
      compiled.syncToModel();
      assert.notDeepEqual(graph.getWeights()[0]?.dataSync(), before[0], 'a new learning rate takes effect at once');
    } finally {
      compiled.dispose();
    }
  });
});

describe('execution choice', () => {
  const config = (model: LayersModel) =>
    resolveConfig({ epochs: 1, batchSize: 8 }, { backend: 'auto' }, model, 'model.mjs');
  const data = () => ({ train: { xs: tf.ones([16, 4]), ys: tf.ones([16, 1]) } });

  it('trains eagerly, with the layer named, when a layer draws normal noise in JavaScript', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ units: 4, inputShape: [4] }),
        tf.layers.gaussianNoise({ stddev: 0.5 }),
        tf.layers.dense({ units: 1 }),
      ],
    });
    model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
    const choice = await chooseExecution(tf, model, data(), config(model), 'auto');
    assert.equal(choice.execution, 'eager');
    assert.match(choice.reason, /gaussian.*GaussianNoise.*random/);
  });

  it('finds JavaScript-side randomness no layer announces (a noisy custom loss) by tracing twice', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [4] })] });
    const noisyLoss = (yTrue: Tensor, yPred: Tensor) =>
      tf.tidy(() => tf.losses.meanSquaredError(yTrue, yPred.add(tf.randomNormal(yPred.shape, 0, 1)) as Tensor));
    model.compile({ optimizer: 'sgd', loss: noisyLoss });
    const choice = await chooseExecution(tf, model, data(), config(model), 'auto');
    assert.equal(choice.execution, 'eager');
    assert.match(choice.reason, /change every step/);
  });

  it('names a recurrent layer, and fails the run when compiling is required', async () => {
    const model = tf.sequential({
      layers: [tf.layers.simpleRNN({ units: 2, inputShape: [3, 4] }), tf.layers.dense({ units: 1 })],
    });
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const sequences = { train: { xs: tf.ones([16, 3, 4]), ys: tf.ones([16, 1]) } };
    const auto = await chooseExecution(tf, model, sequences, config(model), 'auto');
    assert.match(auto.reason, /SimpleRNN.*recurrent/);
    await assert.rejects(chooseExecution(tf, model, sequences, config(model), 'on'), /cannot be compiled: .*SimpleRNN/);
  });

  it('stays eager when asked to', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [4] })] });
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const choice = await chooseExecution(tf, model, data(), config(model), 'off');
    assert.deepEqual(choice, { execution: 'eager', reason: 'compiling is off (tensorscope.compile / --compile off)' });
  });
});
