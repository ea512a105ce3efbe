import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchCoalescer, type OutgoingMessage } from '../../extension/trainer/batchCoalescer';

const record = (step: number) => ({ epoch: 1, batch: step, step, time: step, logs: { loss: 1 } });

describe('BatchCoalescer', () => {
  it('merges a burst of batches into few messages and keeps order with other messages', async () => {
    const delivered: OutgoingMessage[] = [];
    const coalescer = new BatchCoalescer((m) => delivered.push(m), 1_000);
    for (let step = 1; step <= 1000; step++) coalescer.send({ type: 'batches', records: [record(step)] });
    coalescer.send({ type: 'log', level: 'info', text: 'after' });
    assert.equal(delivered.length, 3, 'first batch at once, the rest merged, then the log');
    const steps = delivered.flatMap((m) => (m.type === 'batches' ? m.records.map((r) => r.step) : []));
    assert.deepEqual(
      steps,
      Array.from({ length: 1000 }, (_, i) => i + 1),
    );
    assert.equal(delivered[2]?.type, 'log');
  });

  it('delivers pending batches after the interval without further input', async () => {
    const delivered: OutgoingMessage[] = [];
    const coalescer = new BatchCoalescer((m) => delivered.push(m), 10);
    coalescer.send({ type: 'batches', records: [record(1)] });
    coalescer.send({ type: 'batches', records: [record(2)] });
    assert.equal(delivered.length, 1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(delivered.length, 2);
  });
});
