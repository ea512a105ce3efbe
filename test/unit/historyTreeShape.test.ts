import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  finalMetrics,
  formatDuration,
  groupByModelFile,
  runItemShape,
} from '../../extension/host/history/runTreeShape';
import type { RunInfo } from '../../extension/runs/runFiles';
import { runInfo, summary } from './historyFixtures';

describe('run history tree shapes', () => {
  it('groups runs by model file, relative to the workspace folder, the newest group and run first', () => {
    const runs = [
      summary({ runId: 'a', modelFile: '/ws/models/a.ts', startedAt: '2026-01-01T00:00:00.000Z' }),
      summary({ runId: 'b', modelFile: '/ws/b.ts', startedAt: '2026-01-03T00:00:00.000Z' }),
      summary({ runId: 'a2', modelFile: '/ws/models/a.ts', startedAt: '2026-01-02T00:00:00.000Z' }),
      summary({ runId: 'x', modelFile: '/elsewhere/x.ts', startedAt: '2025-01-01T00:00:00.000Z' }),
    ];
    const groups = groupByModelFile(runs, ['/ws']);
    assert.deepEqual(
      groups.map((group) => [group.label, group.runs.map((run) => run.info.runId)]),
      [
        ['b.ts', ['b']],
        ['models/a.ts', ['a2', 'a']],
        ['/elsewhere/x.ts', ['x']],
      ],
    );
  });

  it('labels a run by its name, else by its local start time, short, with the full time in the tooltip', () => {
    const startedAt = '2026-11-28T07:40:51.000Z';
    const started = new Date(startedAt);
    const hhmm = `${String(started.getHours()).padStart(2, '0')}:${String(started.getMinutes()).padStart(2, '0')}`;
    const at = (days: number, hours = 0) =>
      new Date(started.getFullYear(), started.getMonth(), started.getDate() + days, hours, 30).getTime();
    assert.equal(runItemShape(summary({ name: 'wider layers' })).label, 'wider layers');
    assert.equal(runItemShape(summary({ startedAt }), at(0, 23)).label, `today ${hhmm}`);
    assert.equal(runItemShape(summary({ startedAt }), at(1)).label, `yesterday ${hhmm}`);
    assert.equal(runItemShape(summary({ startedAt }), at(5)).label, `${started.getDate()} Nov ${hhmm}`);
    assert.equal(runItemShape(summary({ startedAt }), at(400)).label, `${started.getDate()} Nov 2026 ${hhmm}`);
    assert.equal(
      runItemShape(summary({ startedAt, command: 'evaluate' }), at(1)).label,
      `Evaluation · yesterday ${hhmm}`,
    );
    assert.match(runItemShape(summary({ startedAt }), at(1)).tooltip, / started 2026-11-2[78] \d\d:\d\d:51 /);
  });

  it('shows the seconds of runs of one model file started in the same minute, so their labels differ', () => {
    const first = summary({ runId: 'a', startedAt: '2026-11-28T07:40:05.000Z' });
    const second = summary({ runId: 'b', startedAt: '2026-11-28T07:40:51.000Z' });
    const later = summary({ runId: 'c', startedAt: '2026-11-28T07:42:00.000Z' });
    const named = summary({ runId: 'd', name: 'wide', startedAt: '2026-11-28T07:42:30.000Z' });
    const siblings = [first, second, later, named];
    const now = Date.parse('2026-11-28T09:00:00.000Z');
    const labels = siblings.map((run) => runItemShape(run, now, siblings).label);
    assert.match(labels[0] ?? '', /^today \d\d:40:05$/);
    assert.match(labels[1] ?? '', /^today \d\d:40:51$/);
    assert.match(labels[2] ?? '', /^today \d\d:42$/);
    assert.equal(labels[3], 'wide');
  });

  it('describes the final loss, val_loss and accuracy, the duration and the backend', () => {
    const shape = runItemShape(summary({}, { loss: 0.88091, val_loss: 0.7905, acc: 0.52, val_acc: 0.6844, other: 3 }));
    assert.equal(shape.description, 'loss 0.8809 · val_loss 0.7905 · val_acc 0.6844 · 1m 05s · tensorflow');
  });

  it('puts the newest evaluation first, where a narrow view still shows it, and names its checkpoint in words', () => {
    const evaluation = {
      file: '/ws/.tensorscope/runs/r/evaluations/e.json',
      split: 'test',
      checkpoint: 'checkpoint-best',
      epoch: 4,
      logs: { loss: 0.2, acc: 0.9531 },
      time: Date.parse('2026-11-28T07:40:00.000Z'),
    };
    const shape = runItemShape({ ...summary({}, { loss: 0.88091, val_loss: 0.7905 }), evaluation });
    assert.equal(shape.description, 'test acc 0.9531 · loss 0.8809 · val_loss 0.7905 · 1m 05s · tensorflow');
    assert.match(shape.tooltip, /on the test split \(best checkpoint, epoch 4\): loss /);
  });

  it('picks a status icon per status, and a warning for a running run whose trainer is gone', () => {
    const icon = (status: 'running' | 'completed' | 'stopped' | 'failed', orphaned = false) =>
      runItemShape(summary({ status }, {}, orphaned)).icon.id;
    assert.deepEqual(
      [icon('running'), icon('completed'), icon('stopped'), icon('failed'), icon('running', true)],
      ['sync~spin', 'pass', 'debug-stop', 'error', 'warning'],
    );
  });

  it('times a running run up to now and shows a failed run’s error', () => {
    const now = Date.parse('2026-11-28T07:42:00.000Z');
    assert.match(runItemShape(summary({ status: 'running', endedAt: null }), now).description, /1m 09s/);
    const failed = summary({ status: 'failed', error: { kind: 'model', message: 'Shapes do not match\nstack' } });
    assert.match(runItemShape(failed).description, /^Shapes do not match · /);
  });

  it('puts the status and git state in the context value the menus match', () => {
    assert.equal(runItemShape(summary({})).contextValue, 'tensorscope.run.completed');
    const git = { commit: 'abc', branch: 'main', diff: '' };
    assert.equal(runItemShape(summary({ status: 'running', git })).contextValue, 'tensorscope.run.running.git');
  });

  it('writes a tooltip with the config, final metrics and the git commit, escaping markdown', () => {
    const git = { commit: '0123456789abcdef', branch: 'feat/x', diff: '+a' };
    const { tooltip } = runItemShape(summary({ name: 'a *bold* name', git }, { loss: 0.5 }));
    assert.match(tooltip, /\*\*a \\\*bold\\\* name\*\* — completed/);
    assert.match(tooltip, /\| batch size \| 32 \|/);
    assert.match(tooltip, /\| validation \| none \|/);
    assert.match(tooltip, /\| final training loss \| 0\\\.5 \|/);
    assert.match(tooltip, /Git: `0123456789` on feat\/x \(model file changed since that commit\)/);
  });

  it('names the config in words and says where validation data came from, as Compare does', () => {
    const base = runInfo().config;
    assert.ok(base);
    const tooltipOf = (info: Partial<RunInfo>, logs: Record<string, number>) =>
      runItemShape(summary(info, logs)).tooltip.replace(/\\/g, ''); // without Markdown escapes
    const fromLoadData = tooltipOf({ mode: 'module' }, { loss: 0.5, val_loss: 0.6 });
    assert.match(fromLoadData, /\| validation \| from loadData\(\) \|/);
    assert.doesNotMatch(fromLoadData, /batchSize|learningRate|validationSplit/);
    const heldOut = tooltipOf({ config: { ...base, validationSplit: 0.2 } }, { loss: 0.5, val_loss: 0.6 });
    assert.match(heldOut, /\| validation \| last 20% of the training data \|/);
    const script = tooltipOf({ mode: 'script' }, { loss: 0.5, val_loss: 0.6 });
    assert.match(script, /\| validation \| the script's validationData \|/);
  });

  it('formats durations and picks the listed metrics', () => {
    assert.deepEqual(
      [formatDuration(4_400), formatDuration(185_000), formatDuration(7_620_000)],
      ['4s', '3m 05s', '2h 07m'],
    );
    assert.deepEqual(finalMetrics({ accuracy: 0.9, loss: 1 }), [
      ['loss', 1],
      ['accuracy', 0.9],
    ]);
  });
});
