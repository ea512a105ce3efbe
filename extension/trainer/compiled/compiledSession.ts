/**
 * A step graph loaded into one TensorFlow session through tfjs-node's SavedModel loader: every
 * signature of the folder shares the session, so the variables the train signatures update are
 * the ones `read_weights` reads and `set_weights` writes. The folder is only needed while loading.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Scalar, Tensor } from '@tensorflow/tfjs';
import type { TensorFlow } from '../tensorflow';
import { encodeSavedModel, SAVED_MODEL_TAG } from './graphDef';
import {
  LEARNING_RATE_INPUT,
  READ_WEIGHTS,
  SET_WEIGHTS,
  trainSignatureName,
  variableInputName,
  type StepGraph,
} from './stepGraph';

type NamedTensors = Record<string, Tensor>;

interface LoadedSignature {
  predict(inputs: NamedTensors): NamedTensors;
  dispose(): void;
}

interface NodeNamespace {
  loadSavedModel(dir: string, tags: string[], signature: string): Promise<LoadedSignature>;
}

export class CompiledSession {
  private learningRate: Scalar | undefined;
  private learningRateValue = Number.NaN;

  private constructor(
    private readonly tf: TensorFlow,
    private readonly graph: StepGraph,
    private readonly signatures: Map<string, LoadedSignature>,
  ) {}

  static async load(tf: TensorFlow, graph: StepGraph): Promise<CompiledSession> {
    const node = (tf as unknown as { node?: NodeNamespace }).node;
    if (!node) throw new Error('this TensorFlow.js has no tf.node.loadSavedModel');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorscope-graph-'));
    const loaded = new Map<string, LoadedSignature>();
    try {
      fs.writeFileSync(path.join(dir, 'saved_model.pb'), encodeSavedModel(graph.nodes, graph.signatures));
      for (const name of Object.keys(graph.signatures))
        loaded.set(name, await node.loadSavedModel(dir, [SAVED_MODEL_TAG], name));
      return new CompiledSession(tf, graph, loaded);
    } catch (error) {
      for (const signature of loaded.values()) signature.dispose();
      throw error;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  private signature(name: string): LoadedSignature {
    const signature = this.signatures.get(name);
    if (!signature) throw new Error(`the step graph has no signature ${name}`);
    return signature;
  }

  private learningRateTensor(value: number): Scalar {
    if (!this.learningRate || this.learningRateValue !== value) {
      this.learningRate?.dispose();
      this.learningRate = this.tf.scalar(value);
      this.learningRateValue = value;
    }
    return this.learningRate;
  }

  /** One training step on a batch (the model's inputs, then its targets): loss and metrics after it. */
  train(batch: Tensor[], learningRate: number): Tensor[] {
    const batchSize = batch[0]?.shape[0] ?? 0;
    const inputs: NamedTensors = { [LEARNING_RATE_INPUT]: this.learningRateTensor(learningRate) };
    batch.forEach((tensor, index) => (inputs[`in${index}`] = tensor));
    const outputs = this.signature(trainSignatureName(batchSize)).predict(inputs);
    return Object.keys(outputs)
      .sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)))
      .map((key) => outputs[key] as Tensor);
  }

  /** The variables' values now, in `graph.variables` order. */
  readVariables(): Tensor[] {
    const outputs = this.signature(READ_WEIGHTS).predict({ [LEARNING_RATE_INPUT]: this.learningRateTensor(0) });
    return this.graph.variables.map((_, index) => outputs[variableInputName(index)] as Tensor);
  }

  writeVariables(values: Tensor[]): void {
    const inputs: NamedTensors = {};
    values.forEach((value, index) => (inputs[variableInputName(index)] = value));
    this.tf.dispose(Object.values(this.signature(SET_WEIGHTS).predict(inputs)));
  }

  dispose(): void {
    for (const signature of this.signatures.values()) signature.dispose();
    this.signatures.clear();
    this.learningRate?.dispose();
  }
}
