/**
 * TensorBoard's `Event` protocol buffer (tensorflow/core/util/event.proto) for the parts an
 * export needs: the file-version event, scalar summaries (`simple_value`) and histogram
 * summaries (`HistogramProto`).
 */
import type { Histogram } from '../../protocol/inspection';
import { doubleField, message, packedDoublesField, stringField, uint64Field, bytesField, type Field } from './protobuf';

export const FILE_VERSION = 'brain.Event:2';

/** Event fields: wall_time = 1, step = 2, file_version = 3, summary = 5. */
function event(wallTimeSeconds: number, step: number, what: Field): Uint8Array {
  return message([doubleField(1, wallTimeSeconds), uint64Field(2, step), what]);
}

export function fileVersionEvent(wallTimeSeconds: number): Uint8Array {
  return event(wallTimeSeconds, 0, stringField(3, FILE_VERSION));
}

/** Summary.Value fields: tag = 1, simple_value = 2, histo = 5. */
function summaryEvent(wallTimeSeconds: number, step: number, tag: string, value: Field): Uint8Array {
  const summaryValue = message([stringField(1, tag), value]);
  return event(wallTimeSeconds, step, bytesField(5, message([bytesField(1, summaryValue)])));
}

const varintLength = (value: number): number => {
  let length = 1;
  for (let rest = value; rest >= 0x80; rest = Math.floor(rest / 0x80)) length++;
  return length;
};

function putVarint(out: Uint8Array, at: number, value: number): number {
  let rest = value;
  let offset = at;
  while (rest >= 0x80) {
    out[offset++] = (rest % 0x80) | 0x80;
    rest = Math.floor(rest / 0x80);
  }
  out[offset++] = rest;
  return offset;
}

const encodedTags = new Map<string, Uint8Array>();
const MAX_CACHED_TAGS = 10_000;

function tagBytes(tag: string): Uint8Array {
  let bytes = encodedTags.get(tag);
  if (bytes === undefined) {
    bytes = new TextEncoder().encode(tag);
    if (encodedTags.size < MAX_CACHED_TAGS) encodedTags.set(tag, bytes);
  }
  return bytes;
}

let scratch = new Uint8Array(256);
let scratchView = new DataView(scratch.buffer);

/**
 * A scalar event, the same bytes `summaryEvent(…, floatField(2, value))` gives, encoded in place:
 * an export writes millions of them, and building each from nested pieces was most of its time.
 * The bytes are valid until the next call (the record writer copies them at once).
 */
export function scalarEvent(wallTimeSeconds: number, step: number, tag: string, value: number): Uint8Array {
  const tagged = tagBytes(tag);
  const stepValue = Math.max(0, Math.floor(step));
  const valueLength = 1 + varintLength(tagged.length) + tagged.length + 5;
  const summaryLength = 1 + varintLength(valueLength) + valueLength;
  const length = 9 + 1 + varintLength(stepValue) + 1 + varintLength(summaryLength) + summaryLength;
  if (length > scratch.length) {
    scratch = new Uint8Array(2 * length);
    scratchView = new DataView(scratch.buffer);
  }
  const out = scratch;
  out[0] = (1 << 3) | 1; // wall_time, fixed64
  scratchView.setFloat64(1, wallTimeSeconds, true);
  out[9] = (2 << 3) | 0; // step, varint
  let at = putVarint(out, 10, stepValue);
  out[at++] = (5 << 3) | 2; // summary, bytes
  at = putVarint(out, at, summaryLength);
  out[at++] = (1 << 3) | 2; // Summary.value, bytes
  at = putVarint(out, at, valueLength);
  out[at++] = (1 << 3) | 2; // Value.tag, string
  at = putVarint(out, at, tagged.length);
  out.set(tagged, at);
  at += tagged.length;
  out[at++] = (2 << 3) | 5; // Value.simple_value, fixed32
  scratchView.setFloat32(at, value, true);
  return out.subarray(0, length);
}

/** The moments TensorBoard shows beside a histogram's buckets. */
export interface HistogramMoments {
  num: number;
  sum: number;
  sumSquares: number;
}

export interface HistogramBuckets {
  min: number;
  max: number;
  /** Right edge of each bucket, increasing. */
  limits: number[];
  counts: number[];
}

/** Equal-width bins over [min, max] as TensorBoard buckets (a single bucket when all values are equal). */
export function bucketsOf(histogram: Histogram): HistogramBuckets {
  const { min, max, counts } = histogram;
  const width = counts.length > 0 ? (max - min) / counts.length : 0;
  if (!(width > 0)) {
    return { min, max, limits: [max], counts: [counts.reduce((a, b) => a + b, 0)] };
  }
  const limits = counts.map((_, i) => (i === counts.length - 1 ? max : min + (i + 1) * width));
  return { min, max, limits, counts: [...counts] };
}

/** HistogramProto fields: min = 1, max = 2, num = 3, sum = 4, sum_squares = 5, bucket_limit = 6, bucket = 7. */
export function histogramEvent(
  wallTimeSeconds: number,
  step: number,
  tag: string,
  buckets: HistogramBuckets,
  moments: HistogramMoments,
): Uint8Array {
  const histo = message([
    doubleField(1, buckets.min),
    doubleField(2, buckets.max),
    doubleField(3, moments.num),
    doubleField(4, moments.sum),
    doubleField(5, moments.sumSquares),
    packedDoublesField(6, buckets.limits),
    packedDoublesField(7, buckets.counts),
  ]);
  return summaryEvent(wallTimeSeconds, step, tag, bytesField(5, histo));
}
