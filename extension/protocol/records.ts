import { integer, nullable, number, numberRecord, object, oneOf, optional, string, type Infer } from './schema';

/** One training batch: `logs` holds the loss and each metric of that batch. */
export const batchRecordSchema = object({
  /** Epochs count from 1. */
  epoch: integer(0),
  /** Batches count from 0 within their epoch. */
  batch: integer(0),
  /** Global step, counted from 1 across epochs. */
  step: integer(1),
  /** Milliseconds since the Unix epoch when the batch ended. */
  time: number(),
  logs: numberRecord(),
});
export type BatchRecord = Infer<typeof batchRecordSchema>;

/** One finished epoch: training and validation loss and metrics (`val_` prefixed), throughput. */
export const epochRecordSchema = object({
  epoch: integer(0),
  step: integer(0),
  time: number(),
  durationMs: number(),
  samplesPerSec: number(),
  logs: numberRecord(),
});
export type EpochRecord = Infer<typeof epochRecordSchema>;

/**
 * A change made to a running run: pause, continue, more epochs, a new learning rate, a resume;
 * or `fit`: a training script called fit()/fitDataset() again (its second call and later), its
 * epochs continuing the run's count.
 */
export const controlRecordSchema = object({
  action: oneOf('pause', 'continue', 'addEpochs', 'setLearningRate', 'resume', 'stop', 'fit'),
  step: integer(0),
  epoch: integer(0),
  time: number(),
  /** New total epochs for addEpochs, the learning rate for setLearningRate, the epochs a fit call trains. */
  value: nullable(number()),
  /** The model file's callback that acted (config.callbacks), when it was not the user's command. */
  by: optional(string(256)),
});
export type ControlRecord = Infer<typeof controlRecordSchema>;
