import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkpointLabel,
  type ClassificationReport,
  type EvaluationSummary,
} from '../../extension/protocol/evaluation';
import { cellShade, confusionRows, MAX_SHADE, topConfusions } from '../../webview/evaluation/confusionMatrix';
import {
  evaluationFigures,
  evaluationSubtitle,
  formatPercent,
  wrongCaption,
} from '../../webview/evaluation/evaluationFormat';

const report: ClassificationReport = {
  classes: 3,
  confusion: [
    [8, 2, 0],
    [1, 9, 0],
    [0, 0, 0],
  ],
  precision: [8 / 9, 9 / 11, 0],
  recall: [0.8, 0.9, 0],
  accuracy: 17 / 20,
  mostConfidentlyWrong: [],
};

describe('confusion matrix', () => {
  it('lists the most frequent mistakes first, without the diagonal or empty cells', () => {
    const confusions = topConfusions(report, 5);
    assert.deepEqual(
      confusions.map(({ label, predicted, count }) => [label, predicted, count]),
      [
        [0, 1, 2],
        [1, 0, 1],
      ],
    );
    assert.equal(confusions[0]?.share, 0.2);
    assert.equal(topConfusions(report, 1).length, 1);
  });

  it('gives each cell its count and share of the true class, the diagonal marked correct', () => {
    const rows = confusionRows(report);
    assert.equal(rows.length, 3);
    const [first] = rows;
    assert.equal(first?.total, 10);
    assert.deepEqual(first?.cells[0], { predicted: 0, count: 8, share: 0.8, correct: true });
    assert.deepEqual(first?.cells[1], { predicted: 1, count: 2, share: 0.2, correct: false });
    assert.equal(rows[1]?.precision, 9 / 11);
    assert.equal(rows[1]?.recall, 0.9);
  });

  it('shares nothing in a class without examples', () => {
    const empty = confusionRows(report)[2];
    assert.equal(empty?.total, 0);
    assert.deepEqual(
      empty?.cells.map((cell) => cell.share),
      [0, 0, 0],
    );
  });

  it('fills a missing row or count with zeros', () => {
    const rows = confusionRows({ ...report, confusion: [[5]] });
    assert.deepEqual(
      rows.map((row) => row.cells.map((cell) => cell.count)),
      [
        [5, 0, 0],
        [0, 0, 0],
        [0, 0, 0],
      ],
    );
  });

  it('shades a cell in proportion to its share, up to the strongest shade', () => {
    assert.equal(cellShade(0), 0);
    assert.equal(cellShade(0.5), MAX_SHADE / 2);
    assert.equal(cellShade(1), MAX_SHADE);
    assert.equal(cellShade(1.5), MAX_SHADE);
    assert.equal(cellShade(Number.NaN), 0);
    assert.ok(cellShade(0.25) < cellShade(0.26));
  });
});

describe('evaluation text', () => {
  it('shows percentages with one decimal, never rounding a miss up to 100%', () => {
    assert.equal(formatPercent(0.985), '98.5%');
    assert.equal(formatPercent(1), '100.0%');
    assert.equal(formatPercent(0.99996), '>99.9%');
    assert.equal(formatPercent(null), '–');
  });

  it('captions a wrong example with label, prediction and confidence', () => {
    const example = { index: 3, label: 7, predicted: 4, confidence: 0.998 };
    assert.equal(wrongCaption(example), 'label 7 → predicted 4 (99.8%)');
  });

  it("names the trainer's checkpoint folders in words, any other checkpoint by its last two path parts", () => {
    assert.equal(checkpointLabel('checkpoint-best'), 'best checkpoint');
    assert.equal(checkpointLabel('/ws/.tensorscope/runs/r1/checkpoint-last/model.json'), 'last checkpoint');
    assert.equal(checkpointLabel('C:\\runs\\r1\\checkpoint-best'), 'best checkpoint');
    assert.equal(checkpointLabel('/ws/.tensorscope/runs/r1/checkpoints/best/model.json'), 'best/model.json');
  });

  it('lists the loss first, accuracy-like metrics as percentages', () => {
    assert.deepEqual(evaluationFigures({ acc: 0.9812, loss: 0.04213, mae: 1.23456 }), [
      { name: 'loss', value: '0.04213' },
      { name: 'accuracy', value: '98.1%' },
      { name: 'mean absolute error', value: '1.235' },
    ]);
  });

  it('says which split and checkpoint were scored', () => {
    const summary: EvaluationSummary = { split: 'test', checkpoint: 'checkpoint-best', logs: {}, time: 0 };
    assert.match(evaluationSubtitle(summary), /^test split · best checkpoint · /);
  });
});
