import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDataReport } from '../../extension/cli/dataReportText';
import { dominantClass, formatStatValue } from '../../extension/protocol/dataFormat';
import { dataReportSchema, type DataReport, type SplitReport } from '../../extension/protocol/dataReport';
import { toJsonLine } from '../../extension/runs/runFiles';
import { contentsFromLines, parseMetricsLines } from '../../extension/runs/runReader';
import { dataFindings } from '../../extension/trainer/data/dataFindings';
import { findDuplicates } from '../../extension/trainer/data/duplicates';
import { labelBalance } from '../../extension/trainer/data/labelBalance';
import { imageLayout, pickSamples, sampleGrid } from '../../extension/trainer/data/sampleGrid';
import { summarizeValues, MAX_STAT_COLUMNS } from '../../extension/trainer/data/valueStats';
import { balanceChart, duplicatesText, splitRows, statsTable } from '../../webview/data/dataViewModel';
import { runInfo } from './historyFixtures';

const channel = (i: number) => `channel ${i}`;

function split(overrides: Partial<SplitReport> = {}): SplitReport {
  return {
    name: 'train',
    source: 'tensors',
    size: 100,
    sampled: 100,
    inputShape: [2],
    labelShape: [3],
    inputDtype: 'float32',
    labelDtype: 'float32',
    inputStats: [{ name: 'feature 0', mean: 0, std: 1, min: -1, max: 1 }],
    inputNonFinite: { nan: 0, infinity: 0 },
    labelNonFinite: { nan: 0, infinity: 0 },
    balance: { encoding: 'oneHot', counts: [34, 33, 33] },
    ...overrides,
  };
}

describe('summarizeValues', () => {
  it('computes mean, std, min and max per channel of channel-last values', () => {
    // Two examples of 2 pixels × 2 channels: channel 0 holds 1,3,5,7; channel 1 holds 10 each.
    const values = new Float32Array([1, 10, 3, 10, 5, 10, 7, 10]);
    const { stats, nonFinite } = summarizeValues(values, 2, channel);
    assert.deepEqual(stats[0], { name: 'channel 0', mean: 4, std: Math.sqrt(5), min: 1, max: 7 });
    assert.deepEqual(stats[1], { name: 'channel 1', mean: 10, std: 0, min: 10, max: 10 });
    assert.deepEqual(nonFinite, { nan: 0, infinity: 0 });
  });

  it('counts NaN and infinities apart and leaves them out of the moments', () => {
    const { stats, nonFinite } = summarizeValues(new Float32Array([1, NaN, 3, Infinity, -Infinity]), 1, channel);
    assert.deepEqual(nonFinite, { nan: 1, infinity: 2 });
    assert.equal(stats[0]?.mean, 2);
    assert.equal(stats[0]?.max, 3);
  });

  it('keeps one "all values" row when the last axis is long, and null for a column with no finite value', () => {
    const long = summarizeValues(new Float32Array(MAX_STAT_COLUMNS + 1).fill(2), MAX_STAT_COLUMNS + 1, channel);
    assert.deepEqual(
      long.stats.map((s) => s.name),
      ['all values'],
    );
    const empty = summarizeValues(new Float32Array([NaN, NaN]), 1, channel);
    assert.equal(empty.stats[0]?.mean, null);
  });
});

describe('labelBalance', () => {
  it('reads one-hot rows, class indices and 0/1 labels as classes', () => {
    assert.deepEqual(labelBalance(new Float32Array([1, 0, 0, 0, 0, 1, 0, 0, 1]), 3, false), {
      encoding: 'oneHot',
      counts: [1, 0, 2],
    });
    assert.deepEqual(labelBalance(Int32Array.from([0, 2, 2, 1, 2]), 1, true), {
      encoding: 'index',
      counts: [1, 1, 3],
    });
    assert.deepEqual(labelBalance(new Float32Array([0, 1, 1, 1]), 1, false), { encoding: 'binary', counts: [1, 3] });
  });

  it('reads real-valued targets and multi-value rows that are not one-hot as regression (null)', () => {
    assert.equal(labelBalance(new Float32Array([0.5, 1.25, 3]), 1, false), null);
    assert.equal(labelBalance(new Float32Array([0.2, 0.8, 0.5, 0.5]), 2, false), null);
  });

  it('finds the class that dominates, and none in a balanced split', () => {
    assert.equal(dominantClass([100, 100, 100]), undefined);
    const dominant = dominantClass([10, 300, 20, 30]);
    assert.equal(dominant?.label, 1);
    assert.ok((dominant?.share ?? 0) > 0.8);
    assert.equal(dominantClass([90, 30])?.label, 0, '3× the other class');
    assert.equal(dominantClass([80, 30]), undefined);
  });
});

describe('findDuplicates', () => {
  it('counts held-out examples whose values equal a train example, exactly', () => {
    const train = new Float32Array([1, 2, 3, 4, 5, 6]);
    const test = new Float32Array([3, 4, 9, 9, 1, 2, 1, 2.001]);
    const found = findDuplicates(train, test, 2, 'test');
    assert.deepEqual(found, { split: 'test', checked: 4, found: 2, examples: [0, 2] });
  });
});

describe('sampleGrid', () => {
  it('knows image shapes from vectors and sequences', () => {
    assert.deepEqual(imageLayout([28, 28, 1]), { height: 28, width: 28, stored: 1, shown: 1 });
    assert.deepEqual(imageLayout([32, 32, 3]), { height: 32, width: 32, stored: 3, shown: 3 });
    assert.equal(imageLayout([2]), undefined);
    assert.deepEqual(imageLayout([50, 300]), { height: 50, width: 300, stored: 1, shown: 1 });
    assert.equal(imageLayout([10, 10, 7]), undefined);
  });

  it('scales images to 0–255 over the shown samples and shrinks large ones', () => {
    const values = new Float32Array(2 * 4 * 4).map((_, i) => i);
    const grid = sampleGrid(values, [4, 4, 1], ['a', 'b'], 'train');
    assert.equal(grid.kind, 'image');
    assert.equal(grid.pixels.length, 32);
    assert.equal(grid.pixels[0], 0);
    assert.equal(grid.pixels[31], 255);
    const big = sampleGrid(new Float32Array(130 * 130), [130, 130], ['x'], 'train');
    assert.ok(big.width <= 64 && big.width >= 32, `width ${big.width}`);
    assert.equal(big.truncated, true);
  });

  it('shows sequences and vectors as rows of their first values', () => {
    const grid = sampleGrid(
      Float32Array.from({ length: 3 * 40 }, (_, i) => i),
      [40],
      ['0', '1', '1'],
      'train',
    );
    assert.equal(grid.kind, 'rows');
    assert.equal(grid.rows.length, 3);
    assert.deepEqual(grid.rows[1]?.slice(0, 3), [40, 41, 42]);
    assert.equal(grid.truncated, true);
  });

  it('picks one example of each class in turn', () => {
    assert.deepEqual(pickSamples([0, 0, 0, 1, 1, 2], 6, 5), [0, 3, 5, 1, 4]);
    assert.deepEqual(pickSamples(undefined, 10, 3), [0, 1, 2]);
  });
});

describe('dataFindings', () => {
  it('says when a class dominates, values are not finite, inputs are unscaled, or test examples are in train', () => {
    const findings = dataFindings(
      [
        split({
          balance: { encoding: 'index', counts: [900, 50, 50] },
          inputNonFinite: { nan: 3, infinity: 0 },
          inputStats: [{ name: 'channel 0', mean: 120, std: 70, min: 0, max: 255 }],
        }),
      ],
      { split: 'test', checked: 100, found: 7, examples: [1] },
    );
    const text = findings.map((finding) => finding.message).join('\n');
    assert.match(text, /train inputs hold 3 NaNs/);
    assert.match(text, /Class 0 dominates the train split: 90%/);
    assert.match(text, /reach 255/);
    assert.match(text, /7 examples of the test split .* also appear in train/);
    assert.equal(findings.find((finding) => /NaN/.test(finding.message))?.severity, 'error');
  });

  it('finds nothing in clean, balanced, scaled data', () => {
    assert.deepEqual(dataFindings([split()], { split: 'test', checked: 10, found: 0, examples: [] }), []);
  });
});

function report(splits: SplitReport[]): DataReport {
  return {
    splits,
    duplicates: { split: 'test', checked: 20, found: 0, examples: [] },
    samples: null,
    findings: dataFindings(splits, null),
    sampleNote: 'Statistics of the first 10 examples.',
    durationMs: 120,
  };
}

describe('the Data view model and the terminal text', () => {
  it('draws bars relative to the largest class and marks the dominating one', () => {
    const chart = balanceChart(split({ balance: { encoding: 'index', counts: [10, 40, 10] } }));
    assert.deepEqual(
      chart?.bars.map((bar) => [bar.width, bar.percent, bar.dominant]),
      [
        [25, '16.7%', false],
        [100, '66.7%', true],
        [25, '16.7%', false],
      ],
    );
    assert.equal(balanceChart(split({ balance: null })), undefined);
  });

  it('says which splits were read whole and which were sampled', () => {
    const rows = splitRows(report([split(), split({ name: 'test', source: 'dataset', size: null, sampled: 500 })]));
    assert.deepEqual(
      rows.map((row) => [row.name, row.examples, row.read]),
      [
        ['train', '100', 'all'],
        ['test', 'unknown (dataset)', '500'],
      ],
    );
  });

  it('formats statistics with the shared formatter and states non-finite counts', () => {
    const table = statsTable(
      split({ inputStats: [{ name: 'feature 0', mean: 0.000012, std: 12345, min: null, max: 2 }] }),
    );
    assert.deepEqual(table.rows[0], ['feature 0', formatStatValue(0.000012), '1.2e+4', '–', '2']);
    assert.match(table.caption, /0 NaN, 0 infinite/);
    assert.match(duplicatesText(report([split()])), /0 of 20 test examples/);
  });

  it('prints a report in the terminal with bars and a verdict', () => {
    const text = formatDataReport(report([split()]));
    assert.match(text, /train\s+100 examples \(tensors\)/);
    assert.match(text, /Label balance, train \(3 classes\):/);
    assert.match(text, /█+\s+34\s+34\.0%/);
    assert.match(text, /No problems found/);
  });
});

describe('the data record', () => {
  it('survives the run file: non-finite numbers become null and the reader accepts it', () => {
    const withNaN = report([
      split({ inputStats: [{ name: 'feature 0', mean: null, std: null, min: null, max: null }] }),
    ]);
    const line = JSON.parse(toJsonLine({ type: 'data', ...withNaN })) as Record<string, unknown>;
    const { lines } = parseMetricsLines(`${JSON.stringify(line)}\n`);
    const contents = contentsFromLines(runInfo(), lines, 0);
    assert.deepEqual(contents.data, withNaN);
    assert.equal(dataReportSchema.check({ ...withNaN, splits: 'no' }, '').ok, false);
  });
});
