/**
 * Messages between the extension host and the loss panel webview. The webview's tsconfig
 * sees only this protocol folder, never `vscode` or host code.
 */
import { backendInfoSchema, modelSummarySchema, trainerErrorSchema, trainingConfigSchema } from './model';
import { batchRecordSchema, epochRecordSchema } from './records';
import {
  array,
  integer,
  literal,
  nullable,
  number,
  object,
  optional,
  string,
  taggedUnion,
  type Infer,
  type Result,
} from './schema';
import { runStatusSchema } from './trainerMessages';
import { PROTOCOL_VERSION } from './version';

const v = literal(PROTOCOL_VERSION);

/** What the panel header shows; sent whole on every change (it is small). */
export const runHeaderSchema = object({
  runId: string(256),
  modelFile: string(4096),
  /** The model file's name, for the title. */
  modelName: string(256),
  status: runStatusSchema,
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
  config: nullable(trainingConfigSchema),
  summary: nullable(modelSummarySchema),
  error: nullable(trainerErrorSchema),
});
export type RunHeader = Infer<typeof runHeaderSchema>;

export const hostToPanelSchema = taggedUnion({
  /** The whole state of the shown run (or none): sent after `ready` and when the run changes. */
  snapshot: object({
    v,
    type: literal('snapshot'),
    header: nullable(runHeaderSchema),
    /** Bounded (downsampled) batch series, oldest first. */
    batches: array(batchRecordSchema, 100_000),
    epochs: array(epochRecordSchema, 100_000),
  }),
  /** New points of the shown run since the last message. */
  append: object({
    v,
    type: literal('append'),
    runId: string(256),
    header: runHeaderSchema,
    batches: array(batchRecordSchema, 100_000),
    epochs: array(epochRecordSchema, 100_000),
  }),
});
export type HostToPanel = Infer<typeof hostToPanelSchema>;

export const panelToHostSchema = taggedUnion({
  /** The webview has loaded and wants the full state. */
  ready: object({ v, type: literal('ready') }),
  stop: object({ v, type: literal('stop'), runId: string(256) }),
  openModelFile: object({ v, type: literal('openModelFile'), runId: string(256) }),
  /** Train the shown model file again. */
  train: object({ v, type: literal('train'), modelFile: optional(string(4096)) }),
});
export type PanelToHost = Infer<typeof panelToHostSchema>;

export function parsePanelMessage(value: unknown): Result<PanelToHost> {
  return panelToHostSchema.check(value, '');
}

export function parseHostToPanelMessage(value: unknown): Result<HostToPanel> {
  return hostToPanelSchema.check(value, '');
}
