/**
 * TensorBoard's `Event` protocol buffer (tensorflow/core/util/event.proto) for the parts an
 * export needs: the file-version event, scalar summaries (`simple_value`) and histogram
 * summaries (`HistogramProto`), each encoded straight into the record writer's buffer.
 */
import type { Histogram } from '../../protocol/inspection';
import {
  DOUBLE_FIELD_LENGTH,
  FLOAT_FIELD_LENGTH,
  bytesFieldLength,
  putBytes,
  putBytesHead,
  putDouble,
  putFloat,
  putUint64,
  uint64FieldLength,
} from './protobuf';

export const FILE_VERSION = 'brain.Event:2';

/** Where events are encoded: room for `length` bytes at the offset `begin` returns in `buffer`, then `commit`. */
export interface EventTarget {
  readonly buffer: Buffer;
  begin(length: number): number;
  commit(length: number): void;
}

/** The moments TensorBoard shows beside a histogram's buckets. */
export interface HistogramMoments {
  num: number;
  sum: number;
  sumSquares: number;
}

const encodedTags = new Map<string, Buffer>();
const MAX_CACHED_TAGS = 10_000;

function tagBytes(tag: string): Buffer {
  let bytes = encodedTags.get(tag);
  if (bytes === undefined) {
    bytes = Buffer.from(tag, 'utf8');
    if (encodedTags.size < MAX_CACHED_TAGS) encodedTags.set(tag, bytes);
  }
  return bytes;
}

// Event fields: wall_time = 1, step = 2, file_version = 3, summary = 5.
// Summary: value = 1. Summary.Value: tag = 1, simple_value = 2, histo = 5.

const valueLength = (tag: Buffer, valueFieldLength: number): number => bytesFieldLength(tag.length) + valueFieldLength;

function summaryEventLength(step: number, tag: Buffer, valueFieldLength: number): number {
  const summaryLength = bytesFieldLength(valueLength(tag, valueFieldLength));
  return DOUBLE_FIELD_LENGTH + uint64FieldLength(step) + bytesFieldLength(summaryLength);
}

/** An event with one summary value, up to the value's own field (the caller's to write). */
function putSummaryEventHead(
  out: Buffer,
  at: number,
  wallTimeSeconds: number,
  step: number,
  tag: Buffer,
  valueFieldLength: number,
): number {
  const value = valueLength(tag, valueFieldLength);
  let offset = putDouble(out, at, 1, wallTimeSeconds);
  offset = putUint64(out, offset, 2, step);
  offset = putBytesHead(out, offset, 5, bytesFieldLength(value));
  offset = putBytesHead(out, offset, 1, value);
  return putBytes(out, offset, 1, tag);
}

export function writeFileVersionEvent(target: EventTarget, wallTimeSeconds: number): void {
  const version = Buffer.from(FILE_VERSION);
  const length = DOUBLE_FIELD_LENGTH + uint64FieldLength(0) + bytesFieldLength(version.length);
  const at = target.begin(length);
  const out = target.buffer;
  putBytes(out, putUint64(out, putDouble(out, at, 1, wallTimeSeconds), 2, 0), 3, version);
  target.commit(length);
}

export function writeScalarEvent(
  target: EventTarget,
  wallTimeSeconds: number,
  step: number,
  tag: string,
  value: number,
): void {
  const tagged = tagBytes(tag);
  const length = summaryEventLength(step, tagged, FLOAT_FIELD_LENGTH);
  const at = target.begin(length);
  const out = target.buffer;
  putFloat(out, putSummaryEventHead(out, at, wallTimeSeconds, step, tagged, FLOAT_FIELD_LENGTH), 2, value);
  target.commit(length);
}

/**
 * A histogram of equal-width bins over [min, max] as TensorBoard buckets: the right edge of each
 * bin and its count, or a single bucket when all values are equal. HistogramProto fields: min = 1,
 * max = 2, num = 3, sum = 4, sum_squares = 5, bucket_limit = 6, bucket = 7 (packed doubles).
 */
export function writeHistogramEvent(
  target: EventTarget,
  wallTimeSeconds: number,
  step: number,
  tag: string,
  histogram: Histogram,
  moments: HistogramMoments,
): void {
  const { min, max, counts } = histogram;
  const width = counts.length > 0 ? (max - min) / counts.length : 0;
  const buckets = width > 0 ? counts.length : 1;
  const histoLength = 5 * DOUBLE_FIELD_LENGTH + 2 * bytesFieldLength(8 * buckets);
  const histoFieldLength = bytesFieldLength(histoLength);
  const tagged = tagBytes(tag);
  const length = summaryEventLength(step, tagged, histoFieldLength);
  const at = target.begin(length);
  const out = target.buffer;
  let offset = putSummaryEventHead(out, at, wallTimeSeconds, step, tagged, histoFieldLength);
  offset = putBytesHead(out, offset, 5, histoLength);
  offset = putDouble(out, offset, 1, min);
  offset = putDouble(out, offset, 2, max);
  offset = putDouble(out, offset, 3, moments.num);
  offset = putDouble(out, offset, 4, moments.sum);
  offset = putDouble(out, offset, 5, moments.sumSquares);
  offset = putBytesHead(out, offset, 6, 8 * buckets);
  if (width > 0) {
    for (let i = 0; i < buckets; i++)
      offset = out.writeDoubleLE(i === buckets - 1 ? max : min + (i + 1) * width, offset);
  } else offset = out.writeDoubleLE(max, offset);
  offset = putBytesHead(out, offset, 7, 8 * buckets);
  if (width > 0) for (const count of counts) offset = out.writeDoubleLE(count, offset);
  else out.writeDoubleLE(sumOf(counts), offset);
  target.commit(length);
}

export const sumOf = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);
