import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseFallbackBackend } from '../../extension/trainer/backendChoice';

const both = ['wasm', 'cpu'];

describe('chooseFallbackBackend', () => {
  it('picks wasm, the fastest, for a dense-only model', () => {
    const choice = chooseFallbackBackend({ available: both, layerClassNames: ['Dense', 'Dropout', 'Dense'] });
    assert.equal(choice.backend, 'wasm');
    assert.deepEqual(choice.rejected, []);
    assert.match(choice.reason, /fastest pure-JS backend that can train this model/);
  });

  it('falls back to cpu for a CNN, naming the layer and the missing kernel', () => {
    const choice = chooseFallbackBackend({
      available: both,
      layerClassNames: ['Conv2D', 'MaxPooling2D', 'Conv2D', 'Flatten', 'Dense'],
    });
    assert.equal(choice.backend, 'cpu');
    assert.equal(choice.rejected.length, 1);
    assert.match(choice.reason, /cpu backend: wasm cannot train Conv2D layers \(no Conv2DBackpropFilter kernel\)/);
  });

  it('lists every blocking layer and kernel once', () => {
    const choice = chooseFallbackBackend({ available: both, layerClassNames: ['Embedding', 'Conv1D', 'Conv1D'] });
    assert.equal(choice.backend, 'cpu');
    assert.match(choice.reason, /Embedding, Conv1D layers \(no UnsortedSegmentSum, Conv2DBackpropFilter kernels\)/);
  });

  it('keeps wasm for inference even with conv layers', () => {
    const choice = chooseFallbackBackend({ available: both, layerClassNames: ['Conv2D'], training: false });
    assert.equal(choice.backend, 'wasm');
    assert.match(choice.reason, /can run this model/);
  });

  it('lets a probe override the table both ways', () => {
    const failed = chooseFallbackBackend({
      available: both,
      layerClassNames: ['Dense'],
      probes: [{ backend: 'wasm', ok: false, error: "Kernel 'Foo' not registered for backend 'wasm'" }],
    });
    assert.equal(failed.backend, 'cpu');
    assert.match(failed.reason, /wasm has no 'Foo' kernel/);
    const passed = chooseFallbackBackend({
      available: both,
      layerClassNames: ['Conv2D'],
      probes: [{ backend: 'wasm', ok: true }],
    });
    assert.equal(passed.backend, 'wasm');
  });

  it('uses cpu when wasm is not available, and says so', () => {
    const choice = chooseFallbackBackend({ available: ['cpu', 'tensorflow'], layerClassNames: ['Dense'] });
    assert.equal(choice.backend, 'cpu');
    assert.match(choice.reason, /wasm is not available/);
  });

  it('returns null with a reason when nothing can run the model', () => {
    const choice = chooseFallbackBackend({ available: ['wasm'], layerClassNames: ['Conv2D'] });
    assert.equal(choice.backend, null);
    assert.match(
      choice.reason,
      /^No pure-JS backend can train this model: wasm cannot train Conv2D.*cpu is not available\.$/,
    );
  });

  it('picks wasm when the layers are unknown, without claiming it fits the model', () => {
    const choice = chooseFallbackBackend({ available: both });
    assert.equal(choice.backend, 'wasm');
    assert.doesNotMatch(choice.reason, /this model/);
  });
});
