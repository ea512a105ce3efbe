/**
 * What `loadData()` returned, described before training (the Data view, `tensorscope data`, and
 * the `data` record of every run): each split's size and shapes, per-feature or per-channel
 * statistics, non-finite counts, label balance, train/test duplicates and a few sample inputs.
 * Computed in the trainer from a bounded sample; the report says how large the sample was.
 */
import { array, boolean, integer, nullable, number, object, oneOf, optional, string, type Infer } from './schema';

const shapeSchema = array(nullable(integer(0)), 16);

export const valueStatsSchema = object({
  /** "channel 0", "feature 3", or "all values". */
  name: string(64),
  /** Null when the column holds no finite value (the report is written as JSON, which has no NaN). */
  mean: nullable(number()),
  std: nullable(number()),
  min: nullable(number()),
  max: nullable(number()),
});
export type ValueStats = Infer<typeof valueStatsSchema>;

export const nonFiniteSchema = object({ nan: integer(0), infinity: integer(0) });
export type NonFiniteCounts = Infer<typeof nonFiniteSchema>;

export const labelBalanceSchema = object({
  /** How labels were read as classes: one-hot rows, integer indices, or 0/1 values. */
  encoding: oneOf('oneHot', 'index', 'binary'),
  /** Examples per class, class 0 first. */
  counts: array(integer(0), 1_000),
});
export type LabelBalance = Infer<typeof labelBalanceSchema>;

export const splitReportSchema = object({
  name: string(64),
  source: oneOf('tensors', 'dataset'),
  /** Examples in the split; null for a dataset whose size is not known without reading it all. */
  size: nullable(integer(0)),
  /** Examples the statistics were computed on (the first ones). */
  sampled: integer(0),
  /** Reading the dataset stopped at the time bound, before the example bound. */
  stoppedAtTimeLimit: optional(boolean()),
  /** One example's input and label shape (no batch axis), and their dtypes. */
  inputShape: shapeSchema,
  labelShape: shapeSchema,
  inputDtype: string(16),
  labelDtype: string(16),
  /** Along the input's last axis (features or channels), or over all values when that axis is long. */
  inputStats: array(valueStatsSchema, 256),
  inputNonFinite: nonFiniteSchema,
  labelNonFinite: nonFiniteSchema,
  /** Null when the labels are not classes (regression targets). */
  balance: nullable(labelBalanceSchema),
  /** Regression targets: their statistics over all values. */
  labelStats: optional(valueStatsSchema),
});
export type SplitReport = Infer<typeof splitReportSchema>;

export const duplicatesSchema = object({
  /** The split compared against train (test, else validation). */
  split: string(64),
  /** Examples of that split checked, and how many of them appear in the train sample too. */
  checked: integer(0),
  found: integer(0),
  /** The first few such examples, by index in their split. */
  examples: array(integer(0), 16),
});
export type Duplicates = Infer<typeof duplicatesSchema>;

export const sampleGridSchema = object({
  kind: oneOf('image', 'rows'),
  /** The split the samples come from, and each sample's label as text. */
  split: string(64),
  labels: array(string(64), 64),
  /** Images: width × height × channels (1 grey, 3 RGB) bytes per sample, row-major, scaled to 0–255. */
  width: integer(0, 128),
  height: integer(0, 128),
  channels: integer(0, 3),
  pixels: array(integer(0, 255), 1_000_000),
  /** Rows: each sample's first values (token ids for sequences, numbers for feature vectors). */
  rows: array(array(nullable(number()), 64), 64),
  /** Whether rows hold more values than shown. */
  truncated: boolean(),
});
export type SampleGrid = Infer<typeof sampleGridSchema>;

export const dataFindingSchema = object({
  severity: oneOf('warning', 'error'),
  split: optional(string(64)),
  message: string(1024),
});
export type DataFinding = Infer<typeof dataFindingSchema>;

export const dataReportSchema = object({
  splits: array(splitReportSchema, 8),
  duplicates: nullable(duplicatesSchema),
  samples: nullable(sampleGridSchema),
  /** Plain-language problems: a dominating class, NaN or infinite values, duplicates, constant features. */
  findings: array(dataFindingSchema, 64),
  /** The sample bound, stated: "first 10,000 examples per split, or 20 s of reading a dataset". */
  sampleNote: string(512),
  durationMs: number(),
});
export type DataReport = Infer<typeof dataReportSchema>;
