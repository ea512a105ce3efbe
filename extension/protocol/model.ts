import { array, integer, nullable, number, object, oneOf, optional, string, type Infer } from './schema';

export const sourceLocationSchema = object({
  file: string(4096),
  line: integer(1),
  column: integer(1),
});
export type SourceLocation = Infer<typeof sourceLocationSchema>;

/**
 * The longest text a run record holds in each field. The trainer bounds what it records to these
 * (the full text goes to a side file), so every reader accepts what any writer wrote.
 */
export const TEXT_LIMITS = {
  name: 256,
  activation: 64,
  optimizer: 64,
  loss: 128,
  metric: 128,
  metrics: 32,
} as const;
export const builtBySchema = object({
  /** The helper function's name, e.g. "residualBlock". */
  helper: string(256),
  /** Which call of that helper from that site, counted from 0 in construction order. */
  call: integer(0),
  /** Where the helper was called. */
  site: sourceLocationSchema,
});
export type BuiltBy = Infer<typeof builtBySchema>;

export const layerSummarySchema = object({
  name: string(TEXT_LIMITS.name),
  className: string(TEXT_LIMITS.name),
  /** Output shape with `null` for the batch dimension; several shapes for multi-output layers. */
  outputShape: array(array(nullable(integer(0)), 16), 64),
  params: integer(0),
  trainableParams: integer(0),
  /** The layer's activation function (relu, softmax, …), when it has one. */
  activation: optional(string(TEXT_LIMITS.activation)),
  source: optional(sourceLocationSchema),
  /** The layers whose outputs this layer takes (its first call): branches and merges of the real graph. */
  inbound: optional(array(string(256), 64)),
  /** The helper function call that built this layer, when one did (the graph groups layers by it). */
  builtBy: optional(builtBySchema),
});
export type LayerSummary = Infer<typeof layerSummarySchema>;

export const modelSummarySchema = object({
  name: string(TEXT_LIMITS.name),
  layers: array(layerSummarySchema, 10_000),
  totalParams: integer(0),
  trainableParams: integer(0),
});
export type ModelSummary = Infer<typeof modelSummarySchema>;

export const backendNameSchema = oneOf('tensorflow', 'wasm', 'cpu');
export type BackendName = Infer<typeof backendNameSchema>;

export const backendPreferenceSchema = oneOf('auto', 'tensorflow', 'wasm', 'cpu');
export type BackendPreference = Infer<typeof backendPreferenceSchema>;

/** Whether the trainer compiles the training step into one TensorFlow graph (tensorscope.compile). */
export const compileModeSchema = oneOf('auto', 'on', 'off');
export type CompileMode = Infer<typeof compileModeSchema>;

/**
 * Who owns the training loop: `module` (the file exports createModel and loadData; Tensorscope
 * trains, resumes and evaluates it) or `script` (a training script that calls fit itself; it is
 * trained only by running it again).
 */
export const trainingModeSchema = oneOf('module', 'script');
export type TrainingMode = Infer<typeof trainingModeSchema>;

/**
 * Why a training script's run or file is not resumed or evaluated: one text for the trainer (and
 * so the CLI) and the editor's commands. `checkpoint`: the run's last checkpoint folder, if known.
 */
export function scriptOnlyTrains(
  scriptName: string,
  refused: 'resumed' | 'evaluated',
  checkpoint?: string,
): { message: string; hint: string } {
  const loadIt = checkpoint
    ? ` To go on from this run, the script can load its last checkpoint itself (tf.loadLayersModel('file://${checkpoint}/model.json')) and fit with initialEpoch.`
    : '';
  return {
    message: `${scriptName} is a training script, not a module-mode model file: it can be trained, but not ${refused}.`,
    hint:
      refused === 'resumed'
        ? `Train it again.${loadIt}`
        : "Evaluate in the script (model.evaluate after its fit), or export createModel() and loadData() to use Tensorscope's Evaluate.",
  };
}

/** How a run trains: the compiled graph step or tfjs's eager `fit`, and why (run.json, CLI, panel). */
const executionSchema = oneOf('graph', 'eager');
/** At most this many of a script's changes between graph and eager are kept in `changes`. */
export const MAX_EXECUTION_CHANGES = 20;

export const executionInfoSchema = object({
  execution: executionSchema,
  reason: string(2048),
  /** Script mode: how many fit calls of the run's model trained each way. */
  fitCalls: optional(object({ graph: integer(0), eager: integer(0) })),
  /** Script mode: the fit calls that trained another way than the call before them (the first ones). */
  changes: optional(
    array(object({ fitCall: integer(1), execution: executionSchema, reason: string(2048) }), MAX_EXECUTION_CHANGES),
  ),
});
export type ExecutionInfo = Infer<typeof executionInfoSchema>;

/** How a run trains in a few words: the panel header (beside the backend), the status bar tooltip. */
export function executionLabel(execution: ExecutionInfo): string {
  return execution.execution === 'graph' ? 'compiled graph' : 'eager';
}

export const backendInfoSchema = object({
  name: backendNameSchema,
  native: oneOf('yes', 'no'),
  /** The package that provided TensorFlow.js, and where it was found. */
  packageName: string(256),
  packagePath: string(4096),
  version: string(64),
  /** Why this backend: shown in the panel header, the status bar tooltip and the CLI. */
  reason: string(2048),
});
export type BackendInfo = Infer<typeof backendInfoSchema>;

export const trainingConfigSchema = object({
  epochs: integer(1, 1_000_000),
  batchSize: integer(1, 1_000_000),
  optimizer: string(TEXT_LIMITS.optimizer),
  learningRate: nullable(number()),
  loss: string(TEXT_LIMITS.loss),
  metrics: array(string(TEXT_LIMITS.metric), TEXT_LIMITS.metrics),
  validationSplit: number(),
  shuffle: oneOf('yes', 'no'),
});
export type TrainingConfig = Infer<typeof trainingConfigSchema>;

export const errorKindSchema = oneOf('build', 'contract', 'model', 'data', 'training', 'process', 'internal');
export type ErrorKind = Infer<typeof errorKindSchema>;

export const trainerErrorSchema = object({
  kind: errorKindSchema,
  message: string(),
  /** Where in the user's model file, when the error can be traced there. */
  location: optional(sourceLocationSchema),
  /** Plain-language hint on what to do about it. */
  hint: optional(string(4096)),
  stack: optional(string()),
});
export type TrainerError = Infer<typeof trainerErrorSchema>;
