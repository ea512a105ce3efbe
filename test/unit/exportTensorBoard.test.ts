/** The TensorBoard export of a hand-built run, read back by the independent reader in exportDecode.ts. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { exportTensorBoard } from '../../extension/runs/export/tensorboardExport';
import { decodeAll, readRecords, scalars, type DecodedEvent } from './exportDecode';
import { sampleRun } from './exportFixtures';

function exportSample(): { file: string; events: DecodedEvent[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorscope-tb-'));
  const { file } = exportTensorBoard(sampleRun(), dir);
  return { file, events: decodeAll(file) };
}

describe('TensorBoard export', () => {
  it('names the file events.out.tfevents.<seconds>.<host> and starts with the file version', () => {
    const { file, events } = exportSample();
    assert.match(path.basename(file), /^events\.out\.tfevents\.1795000000\.test-host$/);
    assert.equal(events[0]?.fileVersion, 'brain.Event:2');
    assert.equal(events[0]?.wallTime, 1795000000);
  });

  it('writes every batch and epoch metric as a scalar at its step', () => {
    const { events } = exportSample();
    assert.deepEqual(
      scalars(events, 'batch/loss').map(([step]) => step),
      [1, 2, 3, 4],
    );
    const losses = scalars(events, 'batch/loss').map(([, value]) => value);
    assert.deepEqual(
      losses.slice(0, 3).map((v) => Math.fround(v)),
      [Math.fround(1.5), Math.fround(1.25), Math.fround(1)],
    );
    assert.ok(Number.isNaN(losses[3]), 'a NaN loss stays NaN');
    assert.deepEqual(scalars(events, 'epoch/val_loss'), [
      [1, Math.fround(1.125)],
      [2, Math.fround(0.5)],
    ]);
    assert.equal(scalars(events, 'epoch/samples_per_sec').length, 2);
    const batchEvent = events.find((event) => event.summary?.value[0]?.tag === 'batch/loss');
    assert.equal(batchEvent?.wallTime, 1795000001.5);
  });

  it('writes weight and activation histograms with moments and bucket edges', () => {
    const { events } = exportSample();
    const histo = events.find((event) => event.summary?.value[0]?.tag === 'weights/dense_1')?.summary?.value[0]?.histo;
    assert.ok(histo, 'weights/dense_1 histogram');
    assert.equal(histo.min, -1);
    assert.equal(histo.max, 1);
    assert.equal(histo.num, 10);
    assert.equal(histo.sum, 1);
    assert.ok(Math.abs((histo.sumSquares as number) - 10 * (0.25 + 0.01)) < 1e-12);
    assert.deepEqual(histo.bucketLimit, [-0.5, 0, 0.5, 1]);
    assert.deepEqual(histo.bucket, [1, 2, 3, 4]);
    const activation = events.find((event) => event.summary?.value[0]?.tag === 'activations/dense_1');
    assert.deepEqual(activation?.summary?.value[0]?.histo?.bucket, [6], 'constant values: one bucket');
    assert.deepEqual(scalars(events, 'gradient_norm/dense_1'), [[2, Math.fround(0.25)]]);
  });

  it('leaves no temp file and a TFRecord stream with nothing after the last record', () => {
    const { file } = exportSample();
    assert.deepEqual(
      fs.readdirSync(path.dirname(file)).filter((name) => name.endsWith('.tmp')),
      [],
    );
    assert.equal(readRecords(file).length, decodeAll(file).length);
  });
});
