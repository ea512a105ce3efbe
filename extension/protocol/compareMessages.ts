/**
 * Messages between the extension host and the Compare Runs webview. Like the loss panel's,
 * every message carries the protocol version and is validated on arrival.
 */
import { readyMessageSchema, v } from './envelope';
import { batchRecordSchema, epochRecordSchema } from './records';
import { array, boolean, literal, object, oneOf, optional, string, taggedUnion, parser, type Infer } from './schema';
import { runStatusSchema } from './trainerMessages';

const MAX_RUNS = 32;

/** One table cell: the value as text and how it stands against the other runs' cells in its row. */
export const compareCellSchema = object({
  text: string(4096),
  /** `differs`: not the same as the first run's value; `best`: the best value of a result row. */
  mark: oneOf('none', 'differs', 'best'),
  /** Shown on hover: the full value when `text` is shortened. */
  title: optional(string(8192)),
  /** The cell offers "Show diff": the model file's diff that run recorded. */
  action: optional(literal('showDiff')),
});
export type CompareCell = Infer<typeof compareCellSchema>;

export const compareRowSchema = object({
  label: string(256),
  /** Not every run has the same value. */
  differs: boolean(),
  /** One cell per run, in the order of `runs`. */
  cells: array(compareCellSchema, MAX_RUNS),
});
export type CompareRow = Infer<typeof compareRowSchema>;

export const compareSectionSchema = object({ title: string(256), rows: array(compareRowSchema, 512) });
export type CompareSection = Infer<typeof compareSectionSchema>;

/** A compared run: its name and its loss curves (batches downsampled by the host, loss only). */
export const compareRunSchema = object({
  runId: string(256),
  label: string(256),
  status: runStatusSchema,
  batches: array(batchRecordSchema, 100_000),
  epochs: array(epochRecordSchema, 100_000),
});
export type CompareRun = Infer<typeof compareRunSchema>;

export const hostToCompareSchema = taggedUnion({
  /** Everything the panel shows; sent after `ready` and whenever the chosen runs change. */
  compare: object({
    v,
    type: literal('compare'),
    runs: array(compareRunSchema, MAX_RUNS),
    sections: array(compareSectionSchema, 16),
  }),
});
export type HostToCompare = Infer<typeof hostToCompareSchema>;

export const compareToHostSchema = taggedUnion({
  ready: readyMessageSchema,
  /** Open the model-file diff the run recorded against its git commit. */
  showDiff: object({ v, type: literal('showDiff'), runId: string(256) }),
  /** Show the run in the loss panel. */
  openRun: object({ v, type: literal('openRun'), runId: string(256) }),
});
export type CompareToHost = Infer<typeof compareToHostSchema>;

export const parseCompareMessage = parser(compareToHostSchema);

export const parseHostToCompareMessage = parser(hostToCompareSchema);
