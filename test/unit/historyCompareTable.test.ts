import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareMessage } from '../../extension/host/history/compareData';
import { betterDirection, compareSections, markBest, markDifferences } from '../../extension/host/history/compareTable';
import type { CompareSection } from '../../extension/protocol/compareMessages';
import { batch, epoch, runContents, runInfo } from './historyFixtures';

function row(sections: CompareSection[], label: string) {
  const found = sections.flatMap((section) => section.rows).find((candidate) => candidate.label === label);
  assert.ok(found, `row ${label}`);
  return found;
}

const marks = (sections: CompareSection[], label: string) => row(sections, label).cells.map((cell) => cell.mark);

describe('compare table', () => {
  it('marks the cells that differ from the first run’s, and the row', () => {
    const result = markDifferences({ label: 'batchSize', values: [{ text: '32' }, { text: '32' }, { text: '64' }] });
    assert.equal(result.differs, true);
    assert.deepEqual(
      result.cells.map((cell) => cell.mark),
      ['none', 'none', 'differs'],
    );
    assert.equal(markDifferences({ label: 'x', values: [{ text: 'a' }, { text: 'a' }] }).differs, false);
  });

  it('marks the best result by the metric’s direction, none on a tie, and leaves gaps for missing values', () => {
    assert.deepEqual(
      markBest('loss', [0.5, 0.2, undefined], 'lower').cells.map((cell) => [cell.text, cell.mark]),
      [
        ['0.5', 'none'],
        ['0.2', 'best'],
        ['—', 'none'],
      ],
    );
    assert.deepEqual(
      markBest('acc', [0.5, 0.9], 'higher').cells.map((cell) => cell.mark),
      ['none', 'best'],
    );
    assert.deepEqual(
      markBest('acc', [0.5, 0.5], 'higher').cells.map((cell) => cell.mark),
      ['none', 'none'],
    );
    assert.deepEqual(
      markBest('loss', [Number.NaN, 0.3], 'lower').cells.map((cell) => cell.mark),
      ['none', 'best'],
    );
    // Only one run has the value (one of two runs was evaluated): nothing to be best against.
    assert.deepEqual(
      markBest('evaluation acc', [undefined, 0.9], 'higher').cells.map((cell) => cell.mark),
      ['none', 'none'],
    );
  });

  it('knows which way common metrics improve', () => {
    assert.deepEqual(['loss', 'val_loss', 'acc', 'val_accuracy', 'mse', 'samples'].map(betterDirection), [
      'lower',
      'lower',
      'higher',
      'higher',
      'lower',
      undefined,
    ]);
  });

  it('flags the config that differs between runs, and only that', () => {
    const base = runInfo().config;
    assert.ok(base);
    const a = runContents({ runId: 'a' }, [epoch(1, { loss: 0.9, val_loss: 1, acc: 0.4 })]);
    const b = runContents({ runId: 'b', config: { ...base, batchSize: 64 } }, [
      epoch(1, { loss: 0.7, val_loss: 1.1, acc: 0.6 }),
    ]);
    const sections = compareSections([a, b]);
    assert.deepEqual(
      sections.map((section) => section.title),
      ['Configuration', 'Results', 'Source'],
    );
    assert.deepEqual(marks(sections, 'batch size'), ['none', 'differs']);
    const differing = sections[0]?.rows.filter((candidate) => candidate.differs).map((candidate) => candidate.label);
    assert.deepEqual(differing, ['batch size']);
    assert.deepEqual(marks(sections, 'final training loss'), ['none', 'best']);
    assert.deepEqual(marks(sections, 'final validation loss'), ['best', 'none']);
    assert.deepEqual(marks(sections, 'final training accuracy'), ['none', 'best']);
    assert.deepEqual(
      sections[1]?.rows.map((candidate) => candidate.label),
      [
        'status',
        'epochs run',
        'duration',
        'final training loss',
        'final validation loss',
        'final training accuracy',
        'samples/s',
      ],
    );
  });

  it('names metrics in words in the result rows, as the loss panel’s legends do', () => {
    const trained = runContents({ best: { epoch: 1, val_loss: 0.6 } }, [
      epoch(1, { loss: 0.5, val_loss: 0.6, val_mse: 0.2 }),
    ]);
    const evaluation = { split: 'test', checkpoint: 'checkpoint-best', logs: { loss: 0.4, acc: 0.9 }, time: 0 };
    const sections = compareSections([{ ...trained, evaluation }]);
    const labels = sections.flatMap((section) => section.rows.map((candidate) => candidate.label));
    for (const label of [
      'final validation mean squared error',
      'best validation loss',
      'evaluation loss',
      'evaluation accuracy',
    ])
      assert.ok(labels.includes(label), `${label} in ${labels.join(', ')}`);
    assert.ok(!labels.some((label) => /val_|\bacc\b|batchSize/.test(label)), labels.join(', '));
  });

  it('says where each run’s validation data came from, not "validation split 0"', () => {
    const base = runInfo().config;
    assert.ok(base);
    const sections = compareSections([
      runContents({ runId: 'a', mode: 'module' }, [epoch(1, { loss: 0.5, val_loss: 0.6 })]),
      runContents({ runId: 'b', config: { ...base, validationSplit: 0.25 } }, [epoch(1, { loss: 0.5, val_loss: 0.6 })]),
      runContents({ runId: 'c', mode: 'module' }, [epoch(1, { loss: 0.5 })]),
    ]);
    assert.deepEqual(
      row(sections, 'validation').cells.map((cell) => cell.text),
      ['from loadData()', 'last 25% of the training data', 'none'],
    );
  });

  it('shows the metrics a self-compiling model recorded in its epochs, a dash only when none were', () => {
    const base = runInfo().config;
    assert.ok(base);
    const compiledInFile = { config: { ...base, metrics: [] } };
    const sections = compareSections([
      runContents({ ...compiledInFile, runId: 'a' }, [epoch(1, { loss: 0.5, acc: 0.8, val_loss: 0.6, val_acc: 0.7 })]),
      runContents({ ...compiledInFile, runId: 'b' }, [
        epoch(1, { loss: 0.5 }),
        epoch(2, { loss: 0.4, categoricalAccuracy: 0.8, mse: 0.1 }),
      ]),
      runContents({ ...compiledInFile, runId: 'c' }),
      runContents({ runId: 'd' }, [epoch(1, { loss: 0.5, acc: 0.8 })]),
    ]);
    const metrics = row(sections, 'metrics');
    assert.deepEqual(
      metrics.cells.map((cell) => cell.text),
      ['acc', 'categoricalAccuracy, mse', '—', base.metrics.join(', ')],
    );
    assert.match(metrics.cells[0]?.title ?? '', /compiles the model itself/);
    assert.match(metrics.cells[2]?.title ?? '', /No metrics/);
  });

  it('shows each run’s git commit, flags a different one, and offers its diff', () => {
    const a = runContents({ runId: 'a', git: { commit: '1111111111aa', branch: 'main', diff: '' } });
    const b = runContents({
      runId: 'b',
      git: { commit: '2222222222bb', branch: 'main', diff: '--- a\n+++ b\n+x\n+y\n-z\n' },
    });
    const c = runContents({ runId: 'c' });
    const sections = compareSections([a, b, c]);
    assert.deepEqual(
      row(sections, 'git commit').cells.map((cell) => [cell.text, cell.mark]),
      [
        ['1111111111', 'none'],
        ['2222222222', 'differs'],
        ['—', 'differs'],
      ],
    );
    assert.deepEqual(
      row(sections, 'model file diff').cells.map((cell) => [cell.text, cell.action]),
      [
        ['unchanged', 'showDiff'],
        ['+2 −1', 'showDiff'],
        ['—', undefined],
      ],
    );
  });

  it('heads each run’s column as Run History labels it, with seconds where two compared runs share a minute', () => {
    const now = Date.parse('2026-11-28T09:00:00.000Z');
    const message = compareMessage(
      [
        runContents({ runId: 'a', startedAt: '2026-11-28T07:40:05.000Z' }),
        runContents({ runId: 'b', startedAt: '2026-11-28T07:40:51.000Z' }),
        runContents({ runId: 'c', startedAt: '2026-11-28T07:45:00.000Z', name: 'wide' }),
      ],
      now,
    );
    const labels = message.runs.map((run) => run.label);
    assert.match(labels[0] ?? '', /^today \d\d:40:05$/);
    assert.match(labels[1] ?? '', /^today \d\d:40:51$/);
    assert.equal(labels[2], 'wide');
  });

  it('sends each run’s loss curves, batch loss bounded and epochs with losses only', () => {
    const batches = Array.from({ length: 10_000 }, (_, i) => batch(i + 1, 1 / (i + 1)));
    const message = compareMessage([
      runContents({ name: 'wide' }, [epoch(1, { loss: 1, val_loss: 2, acc: 0.5 })], batches),
    ]);
    const [run] = message.runs;
    assert.ok(run);
    assert.equal(run.label, 'wide');
    assert.ok(run.batches.length <= 4000 && run.batches.length > 1000, `${run.batches.length} batch points`);
    assert.deepEqual(run.batches.at(-1)?.logs, { loss: 1 / 10_000 });
    assert.deepEqual(run.epochs[0]?.logs, { loss: 1, val_loss: 2 });
  });
});
