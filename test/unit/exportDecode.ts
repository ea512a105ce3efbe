/**
 * A TensorBoard event-file reader that shares nothing with the writer: TFRecord framing parsed
 * here, CRCs checked with the `crc-32` package's CRC-32C, and the Event protos decoded by
 * protobufjs from the .proto definitions below (copied from TensorFlow's event.proto,
 * summary.proto and histogram.proto, trimmed to the fields the export uses).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as CRC32C from 'crc-32/crc32c';
import protobuf from 'protobufjs';

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

export interface DecodedEvent {
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

export function readRecords(file: string): Uint8Array[] {
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

export function decodeAll(file: string): DecodedEvent[] {
  return readRecords(file).map(
    (data) => Event.toObject(Event.decode(data), { longs: Number, defaults: false }) as DecodedEvent,
  );
}

export function scalars(events: DecodedEvent[], tag: string): [number, number][] {
  return events.flatMap((event) =>
    (event.summary?.value ?? [])
      .filter((value) => value.tag === tag)
      .map((value): [number, number] => [event.step ?? 0, value.simpleValue ?? Number.NaN]),
  );
}
