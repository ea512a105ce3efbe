/**
 * Builds a model's compiled training step: traces the eager step once per batch size (with the
 * optimizer's state created first and every variable put back afterwards, so tracing trains
 * nothing), writes the graph, loads it, and copies the model's weights and optimizer state in.
 * Afterwards the session holds the truth; `syncToModel` copies it back into the tfjs model
 * whenever something reads the model (sampled steps, epoch ends, the end of training).
 */
import type { LayersModel, Optimizer, Tensor, Variable } from '@tensorflow/tfjs';
import { setOptimizerLearningRate } from '../optimizerLearningRate';
import type { TensorFlow } from '../tensorflow';
import { CompiledSession } from './compiledSession';
import { CompileUnsupported } from './compileUnsupported';
import { nodeBackendOf, dataTypeOf, type NodeBackend } from './nodeBackend';
import { buildStepGraph } from './stepGraph';
import { checkSameStructure, constantIdsAt, randomConstantPositions } from './randomConstants';
import { registeredVariables, traceTrainStep, type TracedStep } from './traceStep';

/** The learning rate the step is traced with: an odd float32 no model uses, found again in the trace. */
const LEARNING_RATE_SENTINEL = Math.fround(0.000123456789);

export interface TraceBatch {
  xs: Tensor[];
  ys: Tensor[];
}

interface OptimizerInternals {
  learningRate: number;
  iterations_: number;
}

function internals(optimizer: Optimizer): OptimizerInternals {
  return optimizer as unknown as OptimizerInternals;
}

/** Creates the optimizer's slots (moments, accumulators) at their initial values by applying zero gradients. */
function createOptimizerSlots(tf: TensorFlow, model: LayersModel): void {
  const zeros = tf.tidy(() =>
    Object.fromEntries(
      model.trainableWeights.map((weight) => [(weight.read() as Variable).name, tf.zerosLike(weight.read())]),
    ),
  );
  model.optimizer.applyGradients(zeros);
  tf.dispose(Object.values(zeros));
}

interface Snapshot {
  restore(): void;
  dispose(): void;
}

/** Every variable's value, to put back after the eager steps that tracing takes. */
function snapshot(tf: TensorFlow): Snapshot {
  const saved = [...registeredVariables(tf)].map(([, variable]) => ({ variable, value: tf.clone(variable) }));
  return {
    restore: () => {
      for (const { variable, value } of saved) if (!variable.isDisposed) variable.assign(tf.clone(value));
    },
    dispose: () => tf.dispose(saved.map(({ value }) => value)),
  };
}

/** The first batch traced a second time, to tell random values from constant ones. */
function retrace(
  tf: TensorFlow,
  backend: NodeBackend,
  model: LayersModel,
  batch: TraceBatch | undefined,
  initial: Snapshot,
): TracedStep | undefined {
  if (!batch) return undefined;
  try {
    return traceTrainStep(tf, backend, model, batch.xs, batch.ys);
  } finally {
    initial.restore();
  }
}

function markRandomConstants(traces: TracedStep[], again: TracedStep | undefined): void {
  const [first] = traces;
  if (!first || !again) return;
  const positions = randomConstantPositions(first.recording, again.recording);
  for (const trace of traces) {
    if (trace !== first) checkSameStructure(first.recording, trace.recording);
    trace.randomUniform = constantIdsAt(trace.recording, positions);
  }
}

/**
 * Traces the step once per batch (and the first batch twice), with the optimizer's slots created
 * first and every variable, the iteration count and the learning rate put back afterwards.
 */
function traceSteps(tf: TensorFlow, backend: NodeBackend, model: LayersModel, batches: TraceBatch[]): TracedStep[] {
  const optimizer = model.optimizer;
  const iterations = optimizer.iterations;
  const learningRate = internals(optimizer).learningRate;
  const beforeSlots = snapshot(tf);
  try {
    createOptimizerSlots(tf, model);
  } finally {
    beforeSlots.restore();
    beforeSlots.dispose();
  }
  const initial = snapshot(tf);
  try {
    setOptimizerLearningRate(optimizer, LEARNING_RATE_SENTINEL);
    const traces: TracedStep[] = [];
    for (const batch of batches) {
      traces.push(traceTrainStep(tf, backend, model, batch.xs, batch.ys));
      initial.restore();
    }
    markRandomConstants(traces, retrace(tf, backend, model, batches[0], initial));
    return traces;
  } finally {
    initial.restore();
    initial.dispose();
    setOptimizerLearningRate(optimizer, learningRate);
    internals(optimizer).iterations_ = iterations;
  }
}

export class CompiledTraining {
  private stepsSinceSync = 0;
  /**
   * What each tfjs variable held at the last syncToModel. A write (setWeights, assign) gives a
   * variable new data, so a batch callback's write is seen without reading any value.
   */
  private syncedData: readonly object[] = [];

  private constructor(
    private readonly tf: TensorFlow,
    private readonly model: LayersModel,
    private readonly session: CompiledSession,
    private readonly variables: Variable[],
    /** The batch sizes the graph has a train signature for. */
    readonly batchSizes: readonly number[],
  ) {}

  static async build(tf: TensorFlow, model: LayersModel, batches: TraceBatch[]): Promise<CompiledTraining> {
    const backend = nodeBackendOf(tf);
    if (!backend) throw new CompileUnsupported('the backend is not native TensorFlow (tfjs-node)');
    const traces = traceSteps(tf, backend, model, batches);
    const learningRate = internals(model.optimizer).learningRate;
    const byName = registeredVariables(tf);
    const info = new Map(
      [...byName].map(([name, variable]) => [name, { dtype: dataTypeOf(variable.dtype), shape: [...variable.shape] }]),
    );
    const graph = buildStepGraph(backend.binding, traces, info, learningRate, LEARNING_RATE_SENTINEL);
    const session = await CompiledSession.load(tf, graph);
    const variables = graph.variables.map(({ name }) => byName.get(name) as Variable);
    const sizes = batches.map((batch) => batch.xs[0]?.shape[0] ?? 0);
    const compiled = new CompiledTraining(tf, model, session, variables, sizes);
    try {
      compiled.trial(batches);
    } catch (error) {
      compiled.dispose();
      throw error;
    }
    return compiled;
  }

  /**
   * Runs each train signature once and then writes the model's state in again: a graph TensorFlow
   * loads but cannot run fails here, while the run can still train eagerly, and TensorFlow's
   * first-run graph optimisation happens before training starts.
   */
  private trial(batches: TraceBatch[]): void {
    this.syncFromModel();
    for (const batch of batches) this.tf.dispose(this.session.train([...batch.xs, ...batch.ys], 0));
    this.syncFromModel();
  }

  /** Whether the graph has a step for batches of this size (a step kept from an earlier fit call may not). */
  trains(batchSize: number): boolean {
    return this.batchSizes.includes(batchSize);
  }

  /** One step; returns loss then metrics, as tensors the caller disposes. */
  step(batch: Tensor[]): Tensor[] {
    this.stepsSinceSync += 1;
    return this.session.train(batch, internals(this.model.optimizer).learningRate);
  }

  /** Copies weights and optimizer state out of the session into the tfjs model and optimizer. */
  syncToModel(): void {
    const values = this.session.readVariables();
    this.variables.forEach((variable, index) => variable.assign(values[index] as Tensor));
    this.tf.dispose(values);
    this.syncedData = this.variables.map((variable) => variable.dataId);
    const optimizer = internals(this.model.optimizer);
    optimizer.iterations_ = this.model.optimizer.iterations + this.stepsSinceSync;
    this.stepsSinceSync = 0;
  }

  /**
   * Copies into the session what was written into the tfjs model since syncToModel (a batch
   * callback's setWeights, say), so the next step trains from it; nothing when nothing was.
   */
  syncModelWrites(): void {
    if (this.variables.some((variable, index) => variable.dataId !== this.syncedData[index])) this.syncFromModel();
  }

  /** Copies the tfjs model's weights and optimizer state into the session (after eager steps, or a restore). */
  syncFromModel(): void {
    this.session.writeVariables(this.variables);
  }

  dispose(): void {
    this.session.dispose();
  }
}
