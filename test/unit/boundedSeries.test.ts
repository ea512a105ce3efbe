/**
 * The host's memory for a run is bounded by a count of points, never by how long the run lasts:
 * SeriesBuffer alone, and the real LiveRun fed through the host's message path.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLiveRun, receive, startRun, watchPanel } from '../../bench/memory.pipeline';
import { SeriesBuffer } from '../../extension/host/seriesBuffer';
import type { BatchRecord } from '../../extension/protocol/records';
import { columnLength } from '../../extension/protocol/batchColumns';

const record = (step: number, time: number): BatchRecord => ({
  epoch: 1,
  batch: step - 1,
  step,
  time,
  logs: { loss: 1 },
});

describe('bounded series', () => {
  it('SeriesBuffer never holds more than its capacity over 10^6 points, and still spans the whole run', () => {
    const buffer = new SeriesBuffer<BatchRecord>(20_000);
    let largest = 0;
    for (let step = 1; step <= 1_000_000; step++) {
      buffer.push(record(step, step));
      if (buffer.length > largest) largest = buffer.length;
    }
    assert.ok(largest <= 20_000, `held ${largest}`);
    const steps = buffer.values().map((point) => point.step);
    assert.equal(steps[0], 1);
    assert.equal(steps[steps.length - 1], 1_000_000);
    assert.ok(
      steps.every((step, i) => i === 0 || step > (steps[i - 1] as number)),
      'oldest first',
    );
    assert.equal(buffer.pushed, 1_000_000);
  });

  it('is bounded by count, not time: a run over years keeps as many points as one over a second', () => {
    const fast = new SeriesBuffer<BatchRecord>(1_000);
    const slow = new SeriesBuffer<BatchRecord>(1_000);
    for (let step = 1; step <= 100_000; step++) {
      fast.push(record(step, step / 100));
      slow.push(record(step, step * 3_600_000));
    }
    assert.equal(fast.length, slow.length);
    assert.ok(fast.length <= 1_000);
  });

  it('LiveRun keeps at most 20,000 batch points and passes every batch on to the panel', async () => {
    const liveRun = createLiveRun();
    const panel = watchPanel(liveRun);
    startRun(liveRun, 'bounded');
    const total = 200_000;
    for (let step = 1; step <= total; step += 100) {
      receive(liveRun, { type: 'batches', records: Array.from({ length: 100 }, (_, i) => record(step + i, step)) });
      if (step % 10_000 === 1) await new Promise((resolve) => setImmediate(resolve));
    }
    liveRun.apply({ v: 1, type: 'runEnded', status: 'completed', endedAt: 1 });
    const snapshot = liveRun.snapshot();
    const kept = columnLength(snapshot.batches);
    assert.ok(kept <= 4_000, `the snapshot is downsampled for the chart: ${kept} points`);
    assert.equal(snapshot.batches.step[kept - 1], total, 'the newest batch is always in it');
    assert.equal(panel.batches, total, 'coalesced appends carry every batch');
    assert.ok(panel.appends < total / 100, `${panel.appends} appends for ${total / 100} messages`);
    liveRun.dispose();
  });
});
