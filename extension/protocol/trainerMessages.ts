/**
 * Messages between the extension host and the trainer process (over Node IPC), and the
 * records the trainer writes to the run store. The trainer runs user code, so the host
 * validates everything it receives with `parseTrainerMessage`.
 */
import { v } from './envelope';
import {
  backendInfoSchema,
  backendPreferenceSchema,
  compileModeSchema,
  executionInfoSchema,
  modelSummarySchema,
  trainerErrorSchema,
  trainingConfigSchema,
  trainingModeSchema,
} from './model';
import { dataReportSchema } from './dataReport';
import { classificationReportSchema } from './evaluation';
import {
  layerStatsRecordSchema,
  learningRateRangeSchema,
  preflightReportSchema,
  probeRecordSchema,
} from './inspection';
import { trialTagSchema } from './sweep';
import { batchRecordSchema, controlRecordSchema, epochRecordSchema } from './records';
import {
  array,
  boolean,
  integer,
  literal,
  nullable,
  number,
  numberRecord,
  object,
  oneOf,
  optional,
  string,
  taggedUnion,
  parser,
  type Infer,
} from './schema';

export const phaseSchema = oneOf('bundling', 'loadingBackend', 'loadingData', 'building', 'training', 'evaluating');
export type Phase = Infer<typeof phaseSchema>;

/**
 * Commands of a run: train makes a run folder, resume continues one, evaluate records inside one
 * (`runCreated` with `evaluate` came from trainers before 0.3, which made a folder per evaluation).
 */
export const runCommandSchema = oneOf('train', 'evaluate', 'resume');
export const trainerCommandSchema = oneOf(
  'train',
  'evaluate',
  'resume',
  'inspect',
  'preflight',
  'findLearningRate',
  'data',
);
export type TrainerCommand = Infer<typeof trainerCommandSchema>;

export const runStatusSchema = oneOf('running', 'completed', 'stopped', 'failed');
export type RunStatus = Infer<typeof runStatusSchema>;
export type EndStatus = Exclude<RunStatus, 'running'>;

// ---- trainer → host ---------------------------------------------------------------------

export const trainerToHostSchema = taggedUnion({
  /** Sent as each slow step begins, for progress notifications. */
  phase: object({ v, type: literal('phase'), phase: phaseSchema, detail: optional(string(1024)) }),
  /** The run folder exists; from here on every outcome is recorded in it. */
  runCreated: object({
    v,
    type: literal('runCreated'),
    runId: string(256),
    runDir: string(4096),
    modelFile: string(4096),
    command: runCommandSchema,
    startedAt: number(),
    /** Set when this continues an earlier run in the same folder: its records are on disk. */
    resumedAtStep: optional(integer(0)),
  }),
  /** An evaluation of a recorded run's checkpoint began; it is recorded inside that run (no run folder is made). */
  evaluationStarted: object({
    v,
    type: literal('evaluationStarted'),
    runId: string(256),
    runDir: string(4096),
    modelFile: string(4096),
    startedAt: number(),
  }),
  /** The model is built and data loaded; batches follow. */
  trainingStarted: object({
    v,
    type: literal('trainingStarted'),
    backend: backendInfoSchema,
    execution: optional(executionInfoSchema),
    mode: optional(trainingModeSchema),
    config: trainingConfigSchema,
    summary: modelSummarySchema,
    /** Null when the data is a dataset of unknown size. */
    stepsPerEpoch: nullable(integer(0)),
    samplesPerEpoch: nullable(integer(0)),
  }),
  /** Batch ends, coalesced so a fast model does not flood the host. */
  batches: object({ v, type: literal('batches'), records: array(batchRecordSchema, 10_000) }),
  epochEnd: object({ v, type: literal('epochEnd'), record: epochRecordSchema }),
  evaluation: object({
    v,
    type: literal('evaluation'),
    split: string(64),
    /** The checkpoint folder scored, relative to its run folder. */
    checkpoint: string(4096),
    logs: numberRecord(),
    classification: optional(classificationReportSchema),
    /** The file inside the run's folder that records this evaluation. */
    recordedIn: optional(string(4096)),
  }),
  /** Per-layer statistics, sampled every few batches (see tensorscope.inspect.sampleEveryBatches). */
  layerStats: object({ v, type: literal('layerStats'), record: layerStatsRecordSchema }),
  /** Feature maps of the probe example and first-layer filters, sampled with layer statistics. */
  probe: object({ v, type: literal('probe'), record: probeRecordSchema }),
  /** Result of `inspect`: the model built without data, each layer on its source line. */
  inspection: object({ v, type: literal('inspection'), modelFile: string(4096), summary: modelSummarySchema }),
  preflight: object({ v, type: literal('preflight'), report: preflightReportSchema }),
  learningRateRange: object({ v, type: literal('learningRateRange'), result: learningRateRangeSchema }),
  /** What loadData() returned, described (the `data` quick look, and before each training run). */
  dataReport: object({ v, type: literal('dataReport'), modelFile: string(4096), report: dataReportSchema }),
  /** Last message of every run; the trainer exits after sending it. */
  runEnded: object({
    v,
    type: literal('runEnded'),
    status: oneOf('completed', 'stopped', 'failed'),
    endedAt: number(),
    error: optional(trainerErrorSchema),
    /** A resume stopped before it took its run over: nothing of the run changed (its status is as recorded). */
    runUnchanged: optional(boolean()),
  }),
  log: object({ v, type: literal('log'), level: oneOf('info', 'warning'), text: string() }),
  /** A run-control change took effect (also a `control` record in metrics.jsonl, and a chart marker). */
  control: object({ v, type: literal('control'), record: controlRecordSchema }),
});
export type TrainerToHost = Infer<typeof trainerToHostSchema>;

// ---- host → trainer ---------------------------------------------------------------------

export const trainOptionsSchema = object({
  epochs: optional(integer(1, 1_000_000)),
  batchSize: optional(integer(1, 1_000_000)),
  backend: backendPreferenceSchema,
  /** Folder that holds `.tensorscope/runs`; defaults to the model file's folder. */
  workspaceDir: optional(string(4096)),
  /** For `resume`: the run folder to continue from its last checkpoint. */
  resumeRunDir: optional(string(4096)),
  /** For `evaluate`: the run whose checkpoint to score (default: the model file's newest with one). */
  evaluateRunDir: optional(string(4096)),
  /** Sample layer statistics every N batches; 0 turns sampling off. */
  sampleEveryBatches: optional(integer(0, 1_000_000)),
  /** Set when this run is a sweep's trial: its parameters go to createModel, loadData and config. */
  trial: optional(trialTagSchema),
  /** Compile the training step into one graph: auto (default), on, off. */
  compile: optional(compileModeSchema),
  /** Seed for the trainer's Math.random; default: a new one per run (evaluate and resume reuse the run's). */
  seed: optional(integer(0, 2 ** 32 - 1)),
  /** A training script's own arguments: it sees process.argv = [node, <its path>, ...these]. */
  scriptArguments: optional(array(string(), 10_000)),
});
export type TrainOptions = Infer<typeof trainOptionsSchema>;

export const hostToTrainerSchema = taggedUnion({
  start: object({
    v,
    type: literal('start'),
    command: trainerCommandSchema,
    modelFile: string(4096),
    options: trainOptionsSchema,
  }),
  /** Stop at the next batch boundary, write the run files, exit. */
  stop: object({ v, type: literal('stop') }),
  /** Pause at the next batch boundary until `continueTraining`. */
  pauseTraining: object({ v, type: literal('pauseTraining') }),
  continueTraining: object({ v, type: literal('continueTraining') }),
  /** Train this many epochs more than planned. */
  addEpochs: object({ v, type: literal('addEpochs'), epochs: integer(1, 1_000_000) }),
  setLearningRate: object({ v, type: literal('setLearningRate'), learningRate: number() }),
});
export type HostToTrainer = Infer<typeof hostToTrainerSchema>;

export { stamp, type WithoutVersion } from './version';

export const parseTrainerMessage = parser(trainerToHostSchema);

export const parseHostMessage = parser(hostToTrainerSchema);
