/**
 * Sweeps on disk and on the wire: a trial's tag (in TrainOptions and in its run.json), and
 * `sweep.json`, which the sweep's coordinator writes and the HParams view reads.
 */
import {
  array,
  boolean,
  integer,
  literal,
  nullable,
  number,
  object,
  oneOf,
  optional,
  parser,
  record,
  string,
  union,
  type Infer,
} from './schema';

export const paramValueSchema = union(number(), string(256), boolean());
export type ParamValue = Infer<typeof paramValueSchema>;

export const trialParamsSchema = record(paramValueSchema, 64);
export type TrialParams = Infer<typeof trialParamsSchema>;

/** Which sweep a run is a trial of, and with what parameters (run.json's `sweep`, TrainOptions' `trial`). */
export const trialTagSchema = object({
  sweepId: string(256),
  index: integer(0),
  params: trialParamsSchema,
});
export type TrialTag = Infer<typeof trialTagSchema>;
export const parseTrialTag = parser(trialTagSchema);

const parameterSpecSchema = union(
  object({ kind: literal('values'), values: array(paramValueSchema, 10_000) }),
  object({
    kind: literal('range'),
    min: number(),
    max: number(),
    scale: oneOf('linear', 'log'),
    integer: boolean(),
    steps: nullable(integer(2)),
  }),
);
export type ParameterSpec = Infer<typeof parameterSpecSchema>;

const earlyStoppingSpecSchema = union(
  object({ method: literal('none') }),
  /** Asynchronous successive halving: at epochs minEpochs·η^k keep the best 1/η of the trials that got there. */
  object({ method: literal('asha'), minEpochs: integer(1), reductionFactor: integer(2) }),
  /** Stop a trial whose best so far is worse than the median of the others' running averages at that epoch. */
  object({ method: literal('median'), graceEpochs: integer(1), minTrials: integer(1) }),
);
export type EarlyStoppingSpec = Infer<typeof earlyStoppingSpecSchema>;

export const sweepSpecSchema = object({
  metric: string(128),
  goal: oneOf('minimize', 'maximize'),
  method: oneOf('grid', 'random'),
  parameters: record(parameterSpecSchema, 64),
  /** How many trials: for grid, at most the grid's size. */
  trials: integer(1, 100_000),
  /** How many trials run at once; null leaves it to the executor (cores ÷ threads per trial). */
  parallel: nullable(integer(1)),
  seed: integer(0),
  earlyStopping: earlyStoppingSpecSchema,
});
export type SweepSpec = Infer<typeof sweepSpecSchema>;

/** `pruned`: stopped early by the sweep's early-stopping rule; `stopped`: the user stopped the sweep. */
export const trialStateSchema = oneOf('pending', 'running', 'completed', 'pruned', 'stopped', 'failed');
export type TrialState = Infer<typeof trialStateSchema>;

export const trialRecordSchema = object({
  index: integer(0),
  params: trialParamsSchema,
  state: trialStateSchema,
  runDir: nullable(string(4096)),
  /** The trial's metric at its last epoch (null until it reports one). */
  metric: nullable(number()),
  /** Epochs it reported. */
  epochs: integer(0),
  startedAt: nullable(string(64)),
  endedAt: nullable(string(64)),
  /** The Ray job that ran it, on the Ray executor. */
  jobId: optional(string(256)),
  error: optional(string(4096)),
});
export type TrialRecord = Infer<typeof trialRecordSchema>;

export const sweepStatusSchema = oneOf('running', 'completed', 'stopped', 'failed');
export type SweepStatus = Infer<typeof sweepStatusSchema>;

export const sweepRecordSchema = object({
  formatVersion: literal(1),
  sweepId: string(256),
  modelFile: string(4096),
  /** Folder holding `.tensorscope/runs`, where the trials' run folders are. */
  workspaceDir: string(4096),
  createdAt: string(64),
  updatedAt: string(64),
  status: sweepStatusSchema,
  executor: object({
    kind: oneOf('local', 'ray'),
    address: optional(string(1024)),
    parallel: integer(1),
    threadsPerTrial: integer(1),
  }),
  spec: sweepSpecSchema,
  trials: array(trialRecordSchema, 100_000),
  best: nullable(object({ index: integer(0), metric: number(), params: trialParamsSchema })),
});
export type SweepRecord = Infer<typeof sweepRecordSchema>;

export const parseSweepRecord = parser(sweepRecordSchema);
