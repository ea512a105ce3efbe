import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SeriesBuffer } from '../../extension/host/seriesBuffer';

describe('SeriesBuffer', () => {
  it('keeps everything below capacity', () => {
    const buffer = new SeriesBuffer<number>(100);
    buffer.push(...Array.from({ length: 50 }, (_, i) => i));
    assert.equal(buffer.length, 50);
    assert.deepEqual(buffer.values().slice(0, 3), [0, 1, 2]);
  });

  it('stays bounded over a million points, keeping the first and the newest', () => {
    const buffer = new SeriesBuffer<number>(1000);
    for (let i = 0; i < 1_000_000; i++) buffer.push(i);
    const values = buffer.values();
    assert.ok(values.length <= 1000);
    assert.equal(values[0], 0);
    assert.equal(values[values.length - 1], 999_999);
    assert.equal(buffer.pushed, 1_000_000);
    assert.ok(
      values.every((value, i) => i === 0 || value > (values[i - 1] ?? -1)),
      'order kept',
    );
  });

  it('keeps the newest half at full resolution', () => {
    const buffer = new SeriesBuffer<number>(100);
    for (let i = 0; i < 1000; i++) buffer.push(i);
    const tail = buffer.values().slice(-40);
    assert.deepEqual(
      tail,
      Array.from({ length: 40 }, (_, i) => 960 + i),
    );
  });
});
