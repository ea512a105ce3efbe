import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classificationReport } from '../../extension/trainer/classificationReport';

describe('classificationReport', () => {
  it('builds the confusion matrix, precision, recall and the most confidently wrong examples', () => {
    // 4 examples, 3 classes: two right, two wrong (one confidently).
    const probabilities = [0.8, 0.1, 0.1, 0.1, 0.7, 0.2, 0.05, 0.9, 0.05, 0.4, 0.35, 0.25];
    const report = classificationReport({ labels: [0, 1, 2, 2], probabilities, classes: 3 }, (i) => ({
      width: 1,
      height: 1,
      pixels: [i],
    }));
    assert.deepEqual(report.confusion, [
      [1, 0, 0],
      [0, 1, 0],
      [1, 1, 0],
    ]);
    assert.deepEqual(report.recall, [1, 1, 0]);
    assert.deepEqual(report.precision, [0.5, 0.5, 0]);
    assert.equal(report.accuracy, 0.5);
    assert.deepEqual(
      report.mostConfidentlyWrong.map((w) => [w.index, w.predicted, w.confidence, w.image?.pixels[0]]),
      [
        [2, 1, 0.9, 2],
        [3, 0, 0.4, 3],
      ],
    );
  });
});
