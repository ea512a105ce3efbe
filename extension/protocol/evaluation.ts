/** What `evaluate` reports beyond loss and metrics for classifiers. */
import { array, integer, number, numberRecord, object, optional, string, type Infer } from './schema';

export const wrongExampleSchema = object({
  index: integer(0),
  label: integer(0),
  predicted: integer(0),
  /** The predicted class's probability. */
  confidence: number(),
  /** The input as a small grey image (0–255), when it is one. */
  image: optional(object({ width: integer(1, 256), height: integer(1, 256), pixels: array(integer(0, 255), 65_536) })),
});
export type WrongExample = Infer<typeof wrongExampleSchema>;

export const classificationReportSchema = object({
  classes: integer(2, 1000),
  /** matrix[label][predicted] = count. */
  confusion: array(array(integer(0), 1000), 1000),
  precision: array(number(), 1000),
  recall: array(number(), 1000),
  accuracy: number(),
  /** The most confidently wrong predictions, most confident first. */
  mostConfidentlyWrong: array(wrongExampleSchema, 64),
});
export type ClassificationReport = Infer<typeof classificationReportSchema>;

/** An evaluation as the loss panel shows it. */
export const evaluationSummarySchema = object({
  split: string(64),
  checkpoint: string(4096),
  logs: numberRecord(),
  time: number(),
  classification: optional(classificationReportSchema),
});
export type EvaluationSummary = Infer<typeof evaluationSummarySchema>;

/** The checkpoint folder names the trainer writes (checkpointFiles.ts), as a reader would say them. */
const CHECKPOINT_LABELS: Readonly<Record<string, string>> = {
  'checkpoint-best': 'best checkpoint',
  'checkpoint-last': 'last checkpoint',
};

/**
 * What an evaluation scored, in words: "best checkpoint" for `checkpoint-best` (a folder name or a
 * path ending in it, with or without `model.json`), else its last two path parts (`best/model.json`).
 */
export function checkpointLabel(checkpoint: string): string {
  const parts = checkpoint.split(/[\\/]/).filter(Boolean);
  const folder = parts.at(-1) === 'model.json' ? parts.at(-2) : parts.at(-1);
  return CHECKPOINT_LABELS[folder ?? ''] ?? parts.slice(-2).join('/');
}
