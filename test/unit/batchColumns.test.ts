import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchColumnStore } from '../../extension/host/batchColumnStore';
import { batchColumnsSchema, batchRecords, columnLength, toBatchColumns } from '../../extension/protocol/batchColumns';
import { parseHostToPanelMessage } from '../../extension/protocol/panelMessages';
import type { BatchRecord } from '../../extension/protocol/records';

const record = (step: number, loss = 1 / step): BatchRecord => ({
  epoch: Math.floor((step - 1) / 100) + 1,
  batch: (step - 1) % 100,
  step,
  time: 1_000 + step,
  logs: { loss, acc: step / 1e6 },
});

describe('batch columns', () => {
  it('round-trips records, a metric a batch did not log becoming NaN', () => {
    const records = [record(1), { ...record(2), logs: { loss: 0.5 } }];
    const columns = toBatchColumns(records);
    assert.ok(columns.step instanceof Float64Array && columns.epoch instanceof Uint32Array);
    const back = batchRecords(columns);
    assert.deepEqual(back[0], records[0]);
    assert.ok(Number.isNaN(back[1]?.logs.acc));
  });

  it('checks each column’s type and length once, naming the column', () => {
    const columns = toBatchColumns([record(1), record(2)]);
    assert.equal(batchColumnsSchema.check(columns, 'batches').ok, true);
    const fail = (value: unknown): string => {
      const result = batchColumnsSchema.check(value, 'batches');
      return result.ok ? 'accepted' : result.error;
    };
    assert.match(fail({ ...columns, step: [1, 2] }), /batches\.step: expected a Float64Array, got array/);
    assert.match(
      fail({ ...columns, time: new Float32Array(2) }),
      /batches\.time: expected a Float64Array, got Float32Array/,
    );
    assert.match(
      fail({ ...columns, batch: new Uint32Array(3) }),
      /batches\.batch: expected 2 values like the step column/,
    );
    assert.match(fail({ ...columns, logs: { loss: new Float64Array(1) } }), /batches\.logs\.loss: expected 2 values/);
  });

  it('is what a snapshot message carries, validated at the webview', () => {
    const batches = toBatchColumns([record(1)]);
    const message = { v: 1, type: 'snapshot', header: null, batches, epochs: [], controls: [] };
    assert.equal(parseHostToPanelMessage(message).ok, true);
    const asRecords = { ...message, batches: [record(1)] };
    assert.equal(parseHostToPanelMessage(asRecords).ok, false, 'records are no longer accepted');
  });
});

describe('BatchColumnStore', () => {
  const filled = (n: number, spikeAt = -1, capacity = 1 << 19): BatchColumnStore => {
    const store = new BatchColumnStore(capacity);
    for (let step = 1; step <= n; step += 1_000) {
      const count = Math.min(1_000, n - step + 1);
      store.push(Array.from({ length: count }, (_, i) => record(step + i, step + i === spikeAt ? 50 : 1 / (step + i))));
    }
    return store;
  };

  it('downsamples the whole run to about the points asked for, keeping the ends and a spike', () => {
    const store = filled(100_000, 61_234);
    const overview = store.overview(400);
    const length = columnLength(overview);
    assert.ok(length <= 400 && length > 300, `${length} points`);
    assert.equal(overview.step[0], 1);
    assert.equal(overview.step[length - 1], 100_000);
    assert.ok(overview.step.includes(61_234), 'a one-batch spike survives the downsampling');
    const steps = [...overview.step];
    assert.deepEqual(
      steps,
      [...steps].sort((a, b) => a - b),
      'ascending',
    );
  });

  it('gives a zoomed range whole when it fits, downsampled when it does not', () => {
    const store = filled(100_000);
    assert.deepEqual(
      [...store.view(500, 520, 100).step],
      Array.from({ length: 21 }, (_, i) => 500 + i),
    );
    const wide = store.view(10_000, 60_000, 1_000);
    assert.ok(
      columnLength(wide) <= 1_000 && (wide.step[0] as number) >= 10_000 && (wide.step.at(-1) as number) <= 60_000,
    );
  });

  it('keeps memory bounded past its capacity, the newest points whole', () => {
    const store = filled(10_000, -1, 4_096);
    assert.ok(store.length <= 4_096);
    assert.deepEqual(
      [...store.view(9_990, 10_000, 100).step],
      Array.from({ length: 11 }, (_, i) => 9_990 + i),
    );
    assert.equal(store.overview(10_000).step[0], 1, 'the oldest point stays');
  });

  it('adds a metric that appears mid-run, NaN before it', () => {
    const store = new BatchColumnStore(16);
    store.push([{ ...record(1), logs: { loss: 1 } }, record(2)]);
    const all = store.overview(10);
    assert.ok(Number.isNaN(all.logs.acc?.[0]));
    assert.equal(all.logs.acc?.[1], 2 / 1e6);
  });
});
