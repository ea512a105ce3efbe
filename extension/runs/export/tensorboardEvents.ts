/**
 * TensorBoard's `Event` protocol buffer (tensorflow/core/util/event.proto) for the parts an
 * export needs: the file-version event, scalar summaries (`simple_value`) and histogram
 * summaries (`HistogramProto`).
 */
import type { Histogram } from '../../protocol/inspection';
import {
  doubleField,
  floatField,
  message,
  packedDoublesField,
  stringField,
  uint64Field,
  bytesField,
  type Field,
} from './protobuf';

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

export function scalarEvent(wallTimeSeconds: number, step: number, tag: string, value: number): Uint8Array {
  return summaryEvent(wallTimeSeconds, step, tag, floatField(2, value));
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
