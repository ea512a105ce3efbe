/**
 * The TensorBoard export read back by a reader that shares nothing with the writer: TFRecord
 * framing parsed here, CRCs checked with the `crc-32` package's CRC-32C, and the Event protos
 * decoded by protobufjs from the .proto definitions below (copied from TensorFlow's event.proto,
 * summary.proto and histogram.proto, trimmed to the fields the export uses).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as CRC32C from 'crc-32/crc32c';
import protobuf from 'protobufjs';
import { exportTensorBoard } from '../../extension/runs/export/tensorboardExport';
import { sampleRun } from './exportFixtures';

const EVENT_PROTO = `
syntax = "proto3";
package tensorflow;
message HistogramProto {
  double min = 1; double max = 2; double num = 3; double sum = 4; double sum_squares = 5;
  repeated double bucket_limit = 6 [packed = true];
  repeated double bucket = 7 [packed = true];
}
message Summary {
  message Value {
    string node_name = 7;
    string tag = 1;
    oneof value { float simple_value = 2; bytes obsolete_old_style_histogram = 3; HistogramProto histo = 5; }
  }
  repeated Value value = 1;
}
message Event {
  double wall_time = 1;
  int64 step = 2;
  oneof what { string file_version = 3; bytes graph_def = 4; Summary summary = 5; }
}`;

const Event = protobuf.parse(EVENT_PROTO).root.lookupType('tensorflow.Event');

interface DecodedEvent {
  wallTime: number;
  step: number;
  fileVersion?: string;
  summary?: {
    value: { tag: string; simpleValue?: number; histo?: Record<string, number | number[]> }[];
  };
}

function maskedCrc(bytes: Uint8Array): number {
  const crc = CRC32C.buf(bytes, 0) >>> 0;
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

function readRecords(file: string): Uint8Array[] {
  const bytes = fs.readFileSync(file);
  const records: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length;) {
    const length = Number(bytes.readBigUInt64LE(offset));
    assert.equal(bytes.readUInt32LE(offset + 8), maskedCrc(bytes.subarray(offset, offset + 8)), 'length CRC');
    const data = bytes.subarray(offset + 12, offset + 12 + length);
    assert.equal(bytes.readUInt32LE(offset + 12 + length), maskedCrc(data), 'data CRC');
    records.push(data);
    offset += 16 + length;
  }
  return records;
}

function decodeAll(file: string): DecodedEvent[] {
  return readRecords(file).map(
    (data) => Event.toObject(Event.decode(data), { longs: Number, defaults: false }) as DecodedEvent,
  );
}

function scalars(events: DecodedEvent[], tag: string): [number, number][] {
  return events.flatMap((event) =>
    (event.summary?.value ?? [])
      .filter((value) => value.tag === tag)
      .map((value): [number, number] => [event.step ?? 0, value.simpleValue ?? Number.NaN]),
  );
}

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
