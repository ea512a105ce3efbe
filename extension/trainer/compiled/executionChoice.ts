/**
 * Decides how a run trains: one compiled graph per batch ("graph") or tfjs's op-by-op `fit`
 * ("eager"), and says why. `auto` compiles what it can and falls back to eager on anything it
 * cannot (the reason is recorded); `on` makes a model that cannot compile a failed run; `off`
 * always trains eagerly.
 */
import type { LayersModel, Tensor } from '@tensorflow/tfjs';
import type { CompileMode, TrainingConfig } from '../../protocol/model';
import { TrainerFailure } from '../failure';
import { tensorList } from '../modelInputs';
import type { ModelData, Split } from '../modelModule';
import type { TensorFlow } from '../tensorflow';
import { batchSizesFor, type TensorSplit } from './compiledLoop';
import { CompiledTraining, type TraceBatch } from './compiledTraining';
import { CompileUnsupported } from './compileUnsupported';

export type Execution =
  | { execution: 'eager'; reason: string }
  | {
      execution: 'graph';
      reason: string;
      compiled: CompiledTraining;
      train: TensorSplit;
      validation: TensorSplit | undefined;
    };

/** What run.json and the header say about how a run trains. */
export function executionInfo(execution: Execution): { execution: Execution['execution']; reason: string } {
  return { execution: execution.execution, reason: execution.reason };
}

const RECURRENT_LAYERS = new Set(['SimpleRNN', 'LSTM', 'GRU', 'RNN', 'Bidirectional', 'ConvLSTM2D', 'TimeDistributed']);
/** Noise drawn from a normal distribution in JavaScript; dropout's uniform draws compile (randomConstants). */
const RANDOM_LAYERS = new Set(['GaussianNoise', 'GaussianDropout', 'AlphaDropout']);
/** Optimizers whose fresh state zero gradients create exactly (see CompiledTraining). */
export const COMPILABLE_OPTIMIZERS = new Set(['SGD', 'Momentum', 'Adam', 'RMSProp', 'Adagrad', 'Adadelta']);

function allLayers(model: LayersModel): { name: string; className: string }[] {
  return model.layers.flatMap((layer) =>
    'layers' in layer
      ? allLayers(layer as unknown as LayersModel)
      : [{ name: layer.name, className: layer.getClassName() }],
  );
}

/** Why the model cannot compile before trying, or undefined. */
export function unsupportedReason(model: LayersModel): string | undefined {
  for (const { name, className } of allLayers(model)) {
    if (RECURRENT_LAYERS.has(className))
      return `layer ${name} (${className}) is recurrent; recurrent layers train eagerly for now`;
    if (RANDOM_LAYERS.has(className))
      return `layer ${name} (${className}) draws random numbers in JavaScript each step, which a graph would freeze`;
  }
  const optimizer = model.optimizer?.getClassName();
  if (optimizer && !COMPILABLE_OPTIMIZERS.has(optimizer))
    return `optimizer ${optimizer} is not supported by the compiled step (${[...COMPILABLE_OPTIMIZERS].join(', ')} are)`;
  return undefined;
}

/** Inputs and labels as lists in the model's order (dicts of named inputs included). */
function tensorSplit(split: Split, model: LayersModel): TensorSplit {
  return { xs: tensorList(split.xs, model.inputNames), ys: tensorList(split.ys, model.outputNames) };
}

function sliceSplit(tf: TensorFlow, split: TensorSplit, start: number, size: number): TensorSplit {
  const slice = (tensor: Tensor) => tf.slice(tensor, start, size);
  return { xs: split.xs.map(slice), ys: split.ys.map(slice) };
}

/** The training and validation tensors as `fit` would split them, or undefined for a dataset. */
function tensorData(
  tf: TensorFlow,
  model: LayersModel,
  data: ModelData,
  config: TrainingConfig,
): { train: TensorSplit; validation: TensorSplit | undefined } | undefined {
  if (data.train instanceof tf.data.Dataset || data.validation instanceof tf.data.Dataset) return undefined;
  const all = tensorSplit(data.train as Split, model);
  if (data.validation) return { train: all, validation: tensorSplit(data.validation as Split, model) };
  if (config.validationSplit <= 0) return { train: all, validation: undefined };
  const samples = all.xs[0]?.shape[0] ?? 0;
  const splitAt = Math.floor(samples * (1 - config.validationSplit));
  return {
    train: sliceSplit(tf, all, 0, splitAt),
    validation: sliceSplit(tf, all, splitAt, samples - splitAt),
  };
}

function traceBatches(tf: TensorFlow, train: TensorSplit, batchSize: number): TraceBatch[] {
  const samples = train.xs[0]?.shape[0] ?? 0;
  return batchSizesFor(samples, batchSize).map((size) => sliceSplit(tf, train, 0, size));
}

/** Builds (or finds already built) the compiled step for these trace batches. */
export type BuildStep = (tf: TensorFlow, model: LayersModel, batches: TraceBatch[]) => Promise<CompiledTraining>;

/** What a script's fit call adds to the choice. */
export interface CallOptions {
  /** Why this call cannot compile, known before looking at the model (its fit options). */
  blocker?: string;
  /** Reuses a step built for an earlier call of the same model. */
  build?: BuildStep;
}

function graphReason(compiled: CompiledTraining, batches: TraceBatch[]): string {
  const sizes = batches.map((batch) => batch.xs[0]?.shape[0] ?? 0);
  const eager = sizes.filter((size) => !compiled.trains(size));
  const reason = `the whole training step runs as one TensorFlow graph (batch sizes ${sizes.filter((size) => compiled.trains(size)).join(', ')}`;
  if (eager.length === 0) return `${reason})`;
  return `${reason}; the last batch of each epoch, ${eager.join(', ')} samples, trains eagerly: the graph kept from an earlier fit call has no step for it)`;
}

async function compile(
  tf: TensorFlow,
  model: LayersModel,
  data: ModelData,
  config: TrainingConfig,
  call: CallOptions,
): Promise<Execution> {
  const before = call.blocker ?? unsupportedReason(model);
  if (before) throw new CompileUnsupported(before);
  const tensors = tensorData(tf, model, data, config);
  if (!tensors) throw new CompileUnsupported('the data is a tf.data.Dataset; the compiled step takes tensors');
  const batches = traceBatches(tf, tensors.train, config.batchSize);
  try {
    const compiled = await (call.build ?? CompiledTraining.build)(tf, model, batches);
    return { execution: 'graph', reason: graphReason(compiled, batches), compiled, ...tensors };
  } finally {
    for (const batch of batches) tf.dispose([...batch.xs, ...batch.ys]);
  }
}

export async function chooseExecution(
  tf: TensorFlow,
  model: LayersModel,
  data: ModelData,
  config: TrainingConfig,
  mode: CompileMode,
  call: CallOptions = {},
): Promise<Execution> {
  if (mode === 'off') return { execution: 'eager', reason: 'compiling is off (tensorscope.compile / --compile off)' };
  try {
    return await compile(tf, model, data, config, call);
  } catch (error) {
    const reason =
      error instanceof CompileUnsupported
        ? error.reason
        : `building the graph failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    if (mode === 'on')
      throw new TrainerFailure(
        'training',
        `The training step cannot be compiled: ${reason}.`,
        undefined,
        'Set tensorscope.compile (or --compile) to "auto" to train eagerly instead.',
      );
    return { execution: 'eager', reason };
  }
}
