/**
 * Messages between the extension host and the loss panel webview. The webview's tsconfig
 * sees only this protocol folder, never `vscode` or host code.
 */
import { readyMessageSchema, v } from './envelope';
import {
  backendInfoSchema,
  executionInfoSchema,
  modelSummarySchema,
  trainerErrorSchema,
  trainingConfigSchema,
  trainingModeSchema,
} from './model';
import { evaluationSummarySchema } from './evaluation';
import { batchColumnsSchema } from './batchColumns';
import { controlRecordSchema, epochRecordSchema } from './records';
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
  string,
  taggedUnion,
  parser,
  type Infer,
} from './schema';

/** What the panel header shows; sent whole on every change (it is small). */
export const runHeaderSchema = object({
  runId: string(256),
  modelFile: string(4096),
  /** The model file's name, for the title. */
  modelName: string(256),
  /** The run's status; `interrupted`: recorded as running, but its writer is gone (resumable). */
  status: oneOf('running', 'completed', 'stopped', 'failed', 'interrupted'),
  startedAt: number(),
  endedAt: nullable(number()),
  /** The epoch in progress (1-based) while training, else the last one completed; 0 before the first batch. */
  epoch: integer(0),
  totalEpochs: integer(0),
  step: integer(0),
  stepsPerEpoch: nullable(integer(0)),
  samplesPerSec: nullable(number()),
  etaSeconds: nullable(number()),
  backend: nullable(backendInfoSchema),
  /** Compiled graph step or eager, and why (absent for runs recorded before it existed). */
  execution: optional(executionInfoSchema),
  /** Module mode or a training script (whose run is neither resumed nor evaluated); absent for older runs. */
  mode: optional(trainingModeSchema),
  config: nullable(trainingConfigSchema),
  summary: nullable(modelSummarySchema),
  error: nullable(trainerErrorSchema),
  /** Paused by the user (status stays `running`). */
  paused: boolean(),
  /** The newest evaluation of this run's checkpoint (recorded in the run, or just run in this window). */
  evaluation: nullable(evaluationSummarySchema),
});
export type RunHeader = Infer<typeof runHeaderSchema>;

export const hostToPanelSchema = taggedUnion({
  /** The whole state of the shown run (or none): sent after `ready` and when the run changes. */
  snapshot: object({
    v,
    type: literal('snapshot'),
    header: nullable(runHeaderSchema),
    /** The batch series as columns, downsampled on the host (lowest and highest loss per step bucket). */
    batches: batchColumnsSchema,
    epochs: array(epochRecordSchema, 100_000),
    /** Run-control changes, drawn as markers on the charts. */
    controls: array(controlRecordSchema, 10_000),
  }),
  /** New points of the shown run since the last message. */
  append: object({
    v,
    type: literal('append'),
    runId: string(256),
    header: runHeaderSchema,
    /** Every new batch, as columns. */
    batches: batchColumnsSchema,
    epochs: array(epochRecordSchema, 100_000),
    controls: array(controlRecordSchema, 10_000),
  }),
  /** The answer to `requestRange`: that range of the batch series at finer detail (a zoomed chart). */
  range: object({
    v,
    type: literal('range'),
    runId: string(256),
    fromStep: number(),
    toStep: number(),
    batches: batchColumnsSchema,
  }),
});
export type HostToPanel = Infer<typeof hostToPanelSchema>;

export const panelToHostSchema = taggedUnion({
  ready: readyMessageSchema,
  stop: object({ v, type: literal('stop'), runId: string(256) }),
  openModelFile: object({ v, type: literal('openModelFile'), runId: string(256) }),
  /** Train the shown model file again. */
  train: object({ v, type: literal('train'), modelFile: optional(string(4096)) }),
  pause: object({ v, type: literal('pause'), runId: string(256) }),
  continue: object({ v, type: literal('continue'), runId: string(256) }),
  addEpochs: object({ v, type: literal('addEpochs'), runId: string(256), epochs: integer(1, 1_000_000) }),
  setLearningRate: object({ v, type: literal('setLearningRate'), runId: string(256), learningRate: number() }),
  /** Continue a stopped or failed run from its last checkpoint. */
  resume: object({ v, type: literal('resume'), runId: string(256) }),
  /** Evaluate the shown model file's newest checkpoint. */
  evaluate: object({ v, type: literal('evaluate'), runId: string(256) }),
  /** The chart was zoomed to steps [fromStep, toStep]: send that range at finer detail (`range`). */
  requestRange: object({
    v,
    type: literal('requestRange'),
    runId: string(256),
    fromStep: number(),
    toStep: number(),
    maxPoints: integer(2, 100_000),
  }),
});
export type PanelToHost = Infer<typeof panelToHostSchema>;

export const parsePanelMessage = parser(panelToHostSchema);

export const parseHostToPanelMessage = parser(hostToPanelSchema);
