/**
 * Runs one eager training step of a compiled tfjs model (the same function `fit` runs per batch:
 * forward, loss, metrics, gradients, optimizer update) while recording its ops, and works out
 * what each tensor id means: a batch input, a variable's value at the start of the step, the
 * value a variable holds at the end of it, the loss and metric outputs.
 */
import type { LayersModel, Tensor, Variable } from '@tensorflow/tfjs';
import type { TensorFlow } from '../tensorflow';
import { CompileUnsupported } from './compileUnsupported';
import { dataTypeOf, tensorIdOf, type NodeBackend } from './nodeBackend';
import { recordOps, type OpRecording } from './opRecorder';

export interface TracedInput {
  id: number;
  dtype: number;
  shape: number[];
}

export interface TracedStep {
  batchSize: number;
  recording: OpRecording;
  /** The model's inputs, then its targets. */
  inputs: TracedInput[];
  /** Loss, then each metric, as `fit` logs them. */
  outputs: number[];
  /** Tensor id of a variable's value when the step starts → variable name. */
  reads: Map<number, string>;
  /** Variable name → tensor id of its value when the step ends (only variables the step changed). */
  writes: Map<string, number>;
  /** Constants that are uniform random draws, redrawn each step in the graph (see randomConstants). */
  randomUniform: Set<number>;
}

type TrainFunction = (data: Tensor[]) => Tensor[];

export interface TrainableModel {
  makeTrainFunction(): TrainFunction;
  /** The labels `fit` gives its batch logs: `loss`, then each metric. */
  getDedupedMetricsNames(): string[];
}

/** The LayersModel that `fit` trains: a Sequential delegates to the functional model inside it. */
export function trainableModel(model: LayersModel): TrainableModel {
  const inner = (model as unknown as { model?: LayersModel }).model;
  return (model.getClassName() === 'Sequential' && inner ? inner : model) as unknown as TrainableModel;
}

export function registeredVariables(tf: TensorFlow): Map<string, Variable> {
  const registry = (tf.engine().state as unknown as { registeredVariables: Record<string, Variable> })
    .registeredVariables;
  return new Map(Object.entries(registry));
}

function describeInput(backend: NodeBackend, tensor: Tensor): TracedInput {
  return { id: tensorIdOf(backend, tensor), dtype: dataTypeOf(tensor.dtype), shape: [...tensor.shape] };
}

export function traceTrainStep(
  tf: TensorFlow,
  backend: NodeBackend,
  model: LayersModel,
  xs: Tensor[],
  ys: Tensor[],
): TracedStep {
  const before = registeredVariables(tf);
  const startIds = new Map<number, string>();
  for (const [name, variable] of before) {
    const id = tensorIdOf(backend, variable);
    if (!startIds.has(id)) startIds.set(id, name);
  }
  const inputs = [...xs, ...ys].map((tensor) => describeInput(backend, tensor));
  const known = new Set([...startIds.keys(), ...inputs.map((input) => input.id)]);
  const trainFunction = trainableModel(model).makeTrainFunction();
  const [outputs, recording] = recordOps(backend, known, () => tf.tidy(() => trainFunction([...xs, ...ys])));
  try {
    const created = [...registeredVariables(tf).keys()].filter((name) => !before.has(name));
    if (created.length > 0)
      throw new CompileUnsupported(`the training step creates variables (${created.slice(0, 3).join(', ')})`);
    if (recording.readBacks > 0)
      throw new CompileUnsupported(`the training step reads tensor values back into JavaScript`);
    const used = new Set(recording.ops.flatMap((op) => op.inputs));
    const reads = new Map([...startIds].filter(([id]) => used.has(id)));
    const writes = new Map<string, number>();
    for (const [name, variable] of before) {
      const id = tensorIdOf(backend, variable);
      if (!startIds.has(id) || startIds.get(id) !== name) writes.set(name, id);
    }
    return {
      batchSize: xs[0]?.shape[0] ?? 0,
      recording,
      inputs,
      outputs: outputs.map((output) => tensorIdOf(backend, output)),
      reads,
      writes,
      randomUniform: new Set(),
    };
  } finally {
    tf.dispose(outputs);
  }
}
