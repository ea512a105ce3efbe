/** How metric keys are named and ordered wherever an epoch's figures are printed. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { metricKeyTitle, trainingFirst } from '../../extension/protocol/metricNames';

describe('metric names', () => {
  it('names a key with its split', () => {
    assert.equal(metricKeyTitle('val_loss'), 'validation loss');
    assert.equal(metricKeyTitle('acc'), 'training accuracy');
    assert.equal(metricKeyTitle('categoricalAccuracy'), 'training categorical accuracy');
  });

  it('puts training figures before validation ones, keeping tf.js order within each (fitDataset gives val_ first)', () => {
    const fromFitDataset = { val_loss: 0.6, val_acc: 0.76, loss: 0.65, acc: 0.73 };
    assert.deepEqual(
      trainingFirst(fromFitDataset).map(([key]) => key),
      ['loss', 'acc', 'val_loss', 'val_acc'],
    );
    assert.deepEqual(trainingFirst({ loss: 1, val_loss: 2 }), [
      ['loss', 1],
      ['val_loss', 2],
    ]);
    assert.deepEqual(trainingFirst({}), []);
  });
});
