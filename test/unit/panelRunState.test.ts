import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toBatchColumns } from '../../extension/protocol/batchColumns';
import type { HostToPanel, RunHeader } from '../../extension/protocol/panelMessages';
import type { BatchRecord, ControlRecord } from '../../extension/protocol/records';
import { applyHostMessage, bound, EMPTY_RUN, withDetail, type RunState } from '../../webview/state/runState';

const header = (runId: string, step = 0): RunHeader => ({ runId, step }) as RunHeader;
const batch = (step: number): BatchRecord => ({
  epoch: 1,
  batch: step - 1,
  step,
  time: step,
  logs: { loss: 1 / step },
});
const steps = (state: RunState | 'resync'): number[] => (state === 'resync' ? [] : state.batches.map((b) => b.step));

function snapshot(runId: string | null, batchSteps: number[]): Extract<HostToPanel, { type: 'snapshot' }> {
  const h = runId === null ? null : header(runId);
  return {
    v: 1,
    type: 'snapshot',
    header: h,
    batches: toBatchColumns(batchSteps.map(batch)),
    epochs: [],
    controls: [],
  };
}

function append(runId: string, batchSteps: number[]): Extract<HostToPanel, { type: 'append' }> {
  return {
    v: 1,
    type: 'append',
    runId,
    header: header(runId, batchSteps.at(-1)),
    batches: toBatchColumns(batchSteps.map(batch)),
    epochs: [],
    controls: [],
  };
}

describe('applyHostMessage', () => {
  it('replaces everything on a snapshot', () => {
    const first = applyHostMessage(EMPTY_RUN, snapshot('a', [1, 2, 3]));
    const second = applyHostMessage(first as RunState, snapshot('b', [1]));
    assert.deepEqual(steps(second), [1]);
    assert.equal((second as RunState).header?.runId, 'b');
  });

  it('appends new points of the shown run and takes its new header', () => {
    const start = applyHostMessage(EMPTY_RUN, snapshot('a', [1, 2])) as RunState;
    const next = applyHostMessage(start, append('a', [3, 4]));
    assert.deepEqual(steps(next), [1, 2, 3, 4]);
    assert.equal((next as RunState).header?.step, 4);
  });

  it('drops points it already holds', () => {
    const start = applyHostMessage(EMPTY_RUN, snapshot('a', [1, 2, 3])) as RunState;
    assert.deepEqual(steps(applyHostMessage(start, append('a', [2, 3, 4]))), [1, 2, 3, 4]);
  });

  it('asks for a resync when an append belongs to another run or no run is shown', () => {
    const start = applyHostMessage(EMPTY_RUN, snapshot('a', [1])) as RunState;
    assert.equal(applyHostMessage(start, append('b', [1])), 'resync');
    assert.equal(applyHostMessage(EMPTY_RUN, append('a', [1])), 'resync');
  });
});

describe('bound', () => {
  it('halves a series over the bound, keeping the newest point', () => {
    const values = Array.from({ length: 1001 }, (_, i) => i);
    const kept = bound(values, 600);
    assert.ok(kept.length <= 600);
    assert.equal(kept.at(-1), 1000);
    assert.equal(kept[0], 0);
  });

  it('returns a series within the bound as it is', () => {
    const values = [1, 2, 3];
    assert.equal(bound(values, 3), values);
  });

  it('takes the controls of a snapshot and appends new ones', () => {
    const pause: ControlRecord = { action: 'pause', step: 2, epoch: 1, time: 10, value: null };
    const resume: ControlRecord = { action: 'continue', step: 2, epoch: 1, time: 10, value: null };
    const rate: ControlRecord = { action: 'setLearningRate', step: 3, epoch: 1, time: 11, value: 0.01 };
    const start = applyHostMessage(EMPTY_RUN, { ...snapshot('a', [1, 2]), controls: [pause] }) as RunState;
    assert.deepEqual(start.controls, [pause]);
    const next = applyHostMessage(start, { ...append('a', [3]), controls: [pause, resume, rate] }) as RunState;
    assert.deepEqual(next.controls, [pause, resume, rate]);
  });

  it('keeps the same controls array when an append brings none', () => {
    const start = applyHostMessage(EMPTY_RUN, snapshot('a', [1])) as RunState;
    const next = applyHostMessage(start, append('a', [2])) as RunState;
    assert.equal(next.controls, start.controls);
  });

  it('keeps the detail of a zoomed range for the shown run, and puts it in place of the overview there', () => {
    const start = applyHostMessage(EMPTY_RUN, snapshot('a', [1, 10, 20, 30])) as RunState;
    const range = (runId: string): HostToPanel => ({
      v: 1,
      type: 'range',
      runId,
      fromStep: 10,
      toStep: 20,
      batches: toBatchColumns([10, 12, 15, 20].map(batch)),
    });
    assert.equal(applyHostMessage(start, range('b')), start, 'another run’s range is dropped');
    const zoomed = applyHostMessage(start, range('a')) as RunState;
    assert.ok(zoomed.detail);
    assert.deepEqual(
      withDetail(zoomed.batches, zoomed.detail).map((b) => b.step),
      [1, 10, 12, 15, 20, 30],
    );
    const grown = applyHostMessage(zoomed, append('a', [31])) as RunState;
    assert.equal(grown.detail, zoomed.detail, 'appends keep the detail');
    assert.equal((applyHostMessage(grown, snapshot('a', [1])) as RunState).detail, null, 'a snapshot drops it');
  });

  it('keeps the evaluation the header brings', () => {
    const evaluation = { split: 'test', checkpoint: '/r/best/model.json', logs: { loss: 0.1 }, time: 1 };
    const message = snapshot('a', [1]);
    const withEvaluation = { ...message, header: { ...header('a'), evaluation } } as HostToPanel;
    assert.deepEqual((applyHostMessage(EMPTY_RUN, withEvaluation) as RunState).header?.evaluation, evaluation);
  });
});
