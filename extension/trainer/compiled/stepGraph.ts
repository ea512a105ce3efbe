/**
 * Turns traced training steps into one graph: each variable the steps touch becomes a resource
 * variable read once per run and assigned its new value after that read; each traced step
 * (one per batch size) becomes a `train_<batch>` signature over its own placeholders; the
 * learning rate is one `lr` input shared by all of them; `read_weights` and `set_weights` move
 * the variables' values out of and into the session.
 */
import { CompileUnsupported } from './compileUnsupported';
import {
  DataType,
  type AttrValue,
  type ConstTensor,
  type GraphNode,
  type Signature,
  type TensorSpec,
} from './graphDef';
import type { Binding, BindingAttr } from './nodeBackend';
import type { RecordedConstant } from './opRecorder';
import type { TracedStep } from './traceStep';

export interface GraphVariable {
  name: string;
  dtype: number;
  shape: number[];
}

export interface StepGraph {
  nodes: GraphNode[];
  signatures: Record<string, Signature>;
  /** Variables in the order `read_weights` returns them and `set_weights` takes them. */
  variables: GraphVariable[];
}

export const READ_WEIGHTS = 'read_weights';
export const SET_WEIGHTS = 'set_weights';
export const LEARNING_RATE_INPUT = 'lr';

export function trainSignatureName(batchSize: number): string {
  return `train_${batchSize}`;
}

export function variableInputName(index: number): string {
  return `w${index}`;
}

type AttrTypes = Pick<
  Binding,
  'TF_ATTR_STRING' | 'TF_ATTR_INT' | 'TF_ATTR_FLOAT' | 'TF_ATTR_BOOL' | 'TF_ATTR_TYPE' | 'TF_ATTR_SHAPE'
>;

function convertAttr(types: AttrTypes, attr: BindingAttr, op: string): AttrValue {
  const { value } = attr;
  switch (attr.type) {
    case types.TF_ATTR_STRING:
      return { kind: 'string', value: String(value) };
    case types.TF_ATTR_INT:
      return { kind: 'int', value: value as number | number[] };
    case types.TF_ATTR_FLOAT:
      return { kind: 'float', value: value as number | number[] };
    case types.TF_ATTR_BOOL:
      return { kind: 'bool', value: value as boolean | boolean[] };
    case types.TF_ATTR_TYPE:
      return { kind: 'type', value: value as number };
    case types.TF_ATTR_SHAPE:
      return { kind: 'shape', value: value as number[] };
    default:
      throw new CompileUnsupported(`op ${op} has an attribute of a kind the graph writer does not know (${attr.name})`);
  }
}

function constTensor(constant: RecordedConstant): ConstTensor {
  const { values } = constant;
  return {
    dtype: constant.dtype,
    shape: constant.shape,
    content: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
  };
}

function isScalarFloat(constant: RecordedConstant, value: number): boolean {
  return (
    constant.dtype === DataType.float &&
    constant.shape.length === 0 &&
    (constant.values as Float32Array)[0] === Math.fround(value)
  );
}

/**
 * tfjs-node adds an op's inputs before its attributes, so eager TensorFlow infers `T` from the
 * inputs and a stale `T` does no harm there: its Mean kernel casts a bool input to float but
 * still says `T: bool`. A graph checks it, so these ops take `T` from their first input.
 */
const T_FROM_FIRST_INPUT = new Set(['Mean']);

class GraphBuilder {
  readonly nodes: GraphNode[] = [];

  add(name: string, op: string, inputs: string[], attrs: Record<string, AttrValue> = {}): string {
    this.nodes.push({ name, op, inputs, attrs });
    return name;
  }

  constant(name: string, tensor: ConstTensor): string {
    return this.add(name, 'Const', [], {
      dtype: { kind: 'type', value: tensor.dtype },
      value: { kind: 'tensor', value: tensor },
    });
  }
}

/** Activation-sized `tf.ones`/`tf.fill` values that tfjs makes in JavaScript: one value repeated. */
function isSplat(constant: RecordedConstant): boolean {
  const values = constant.values as unknown as ArrayLike<number>;
  if (values.length <= SPLAT_MIN_ELEMENTS) return false;
  const first = values[0];
  for (let index = 1; index < values.length; index++) if (values[index] !== first) return false;
  return true;
}

const SPLAT_MIN_ELEMENTS = 64;

/** A splat as `Fill(shape, value)`: a few bytes in the graph instead of megabytes of constant. */
function addFill(builder: GraphBuilder, name: string, constant: RecordedConstant): string {
  const dims = builder.constant(`${name}/dims`, {
    dtype: DataType.int32,
    shape: [constant.shape.length],
    content: new Uint8Array(Int32Array.from(constant.shape).buffer),
  });
  const width = constant.values.byteLength / (constant.values as unknown as ArrayLike<number>).length;
  const value = builder.constant(`${name}/value`, {
    dtype: constant.dtype,
    shape: [],
    content: new Uint8Array(constant.values.buffer, constant.values.byteOffset, width).slice(),
  });
  return builder.add(name, 'Fill', [dims, value], {
    T: { kind: 'type', value: constant.dtype },
    index_type: { kind: 'type', value: DataType.int32 },
  });
}

/** A fresh draw from U[0, 1) of `shape` at every run, as tfjs's `randomUniform` draws in eager mode. */
function addRandomUniform(builder: GraphBuilder, name: string, shape: readonly number[]): string {
  const content = new Uint8Array(Int32Array.from(shape).buffer);
  const shapeNode = builder.constant(`${name}/shape`, { dtype: DataType.int32, shape: [shape.length], content });
  return builder.add(name, 'RandomUniform', [shapeNode], {
    dtype: { kind: 'type', value: DataType.float },
    T: { kind: 'type', value: DataType.int32 },
    seed: { kind: 'int', value: 0 },
    seed2: { kind: 'int', value: 0 },
  });
}

function scalarFloat(value: number): ConstTensor {
  const content = new Uint8Array(4);
  new DataView(content.buffer).setFloat32(0, value, true);
  return { dtype: DataType.float, shape: [], content };
}

interface SharedNodes {
  readOf: Map<string, string>;
  handleOf: Map<string, string>;
  dtypeOf: Map<string, number>;
  learningRate: string;
  negativeLearningRate: string;
}

function addStep(
  builder: GraphBuilder,
  types: AttrTypes,
  step: TracedStep,
  shared: SharedNodes,
  learningRateSentinel: number,
): { signature: Signature; usesLearningRate: boolean } {
  const prefix = `b${step.batchSize}`;
  const sources = new Map<number, string>();
  const dtypes = new Map<number, number>();
  for (const op of step.recording.ops) for (const output of op.outputs) dtypes.set(output.id, output.dtype);
  for (const [id, constant] of step.recording.constants) dtypes.set(id, constant.dtype);
  for (const input of step.inputs) dtypes.set(input.id, input.dtype);
  for (const [id, name] of step.reads) dtypes.set(id, shared.dtypeOf.get(name) as number);
  let usesLearningRate = false;
  for (const [id, name] of step.reads) sources.set(id, shared.readOf.get(name) as string);
  const inputs: Record<string, TensorSpec> = {};
  step.inputs.forEach((input, index) => {
    const name = builder.add(`${prefix}/in${index}`, 'Placeholder', [], {
      dtype: { kind: 'type', value: input.dtype },
      shape: { kind: 'shape', value: input.shape },
    });
    sources.set(input.id, name);
    inputs[`in${index}`] = { name: `${name}:0`, dtype: input.dtype, shape: input.shape };
  });
  let constants = 0;
  const sourceOf = (id: number): string => {
    const known = sources.get(id);
    if (known) return known;
    const constant = step.recording.constants.get(id);
    if (!constant) throw new CompileUnsupported(`a tensor of the training step has no known origin (id ${id})`);
    let name: string;
    if (step.randomUniform.has(id)) name = addRandomUniform(builder, `${prefix}/random${constants++}`, constant.shape);
    else if (isScalarFloat(constant, learningRateSentinel)) name = shared.learningRate;
    else if (isScalarFloat(constant, -learningRateSentinel)) name = shared.negativeLearningRate;
    else if (isSplat(constant)) name = addFill(builder, `${prefix}/fill${constants++}`, constant);
    else name = builder.constant(`${prefix}/const${constants++}`, constTensor(constant));
    if (name === shared.learningRate || name === shared.negativeLearningRate) usesLearningRate = true;
    sources.set(id, name);
    return name;
  };
  step.recording.ops.forEach((op, index) => {
    const name = `${prefix}/${index}_${op.op}`;
    const attrs = Object.fromEntries(op.attrs.map((attr) => [attr.name, convertAttr(types, attr, op.op)]));
    const firstInput = op.inputs[0] === undefined ? undefined : dtypes.get(op.inputs[0]);
    if (attrs.T?.kind === 'type' && firstInput !== undefined && T_FROM_FIRST_INPUT.has(op.op))
      attrs.T.value = firstInput;
    builder.add(name, op.op, op.inputs.map(sourceOf), attrs);
    op.outputs.forEach((output, outputIndex) => sources.set(output.id, `${name}:${outputIndex}`));
  });
  const assigns: string[] = [];
  for (const [variable, id] of step.writes) {
    const handle = shared.handleOf.get(variable);
    if (!handle) throw new CompileUnsupported(`variable ${variable} changes in the step but is not in the graph`);
    const name = builder.add(
      `${prefix}/assign/${assigns.length}`,
      'AssignVariableOp',
      [handle, sourceOf(id), `^${shared.readOf.get(variable)}`],
      { dtype: { kind: 'type', value: shared.dtypeOf.get(variable) as number } },
    );
    assigns.push(`^${name}`);
  }
  const outputs: Record<string, TensorSpec> = {};
  step.outputs.forEach((id, index) => {
    const name = builder.add(`${prefix}/out${index}`, 'Identity', [sourceOf(id), ...assigns], {
      T: { kind: 'type', value: DataType.float },
    });
    outputs[`out${index}`] = { name: `${name}:0`, dtype: DataType.float, shape: [] };
  });
  inputs[LEARNING_RATE_INPUT] = { name: `${shared.learningRate}:0`, dtype: DataType.float, shape: [] };
  return { signature: { inputs, outputs }, usesLearningRate };
}

function addVariables(
  builder: GraphBuilder,
  variables: GraphVariable[],
): Pick<SharedNodes, 'readOf' | 'handleOf' | 'dtypeOf'> {
  const readOf = new Map<string, string>();
  const handleOf = new Map<string, string>();
  const dtypeOf = new Map<string, number>();
  variables.forEach((variable, index) => {
    const dtype: AttrValue = { kind: 'type', value: variable.dtype };
    const handle = builder.add(`var/${index}`, 'VarHandleOp', [], {
      dtype,
      shape: { kind: 'shape', value: variable.shape },
      container: { kind: 'string', value: '' },
      shared_name: { kind: 'string', value: `var/${index}` },
    });
    handleOf.set(variable.name, handle);
    readOf.set(variable.name, builder.add(`var/${index}/read`, 'ReadVariableOp', [handle], { dtype }));
    dtypeOf.set(variable.name, variable.dtype);
  });
  return { readOf, handleOf, dtypeOf };
}

function addWeightSignatures(
  builder: GraphBuilder,
  variables: GraphVariable[],
  shared: SharedNodes,
): Record<string, Signature> {
  const readOutputs: Record<string, TensorSpec> = {};
  const setInputs: Record<string, TensorSpec> = {};
  const assigns: string[] = [];
  variables.forEach((variable, index) => {
    const spec = { dtype: variable.dtype, shape: variable.shape };
    readOutputs[variableInputName(index)] = { name: `${shared.readOf.get(variable.name)}:0`, ...spec };
    const input = builder.add(`set/${index}`, 'Placeholder', [], {
      dtype: { kind: 'type', value: variable.dtype },
      shape: { kind: 'shape', value: variable.shape },
    });
    setInputs[variableInputName(index)] = { name: `${input}:0`, ...spec };
    const assign = builder.add(
      `set/${index}/assign`,
      'AssignVariableOp',
      [shared.handleOf.get(variable.name) as string, input],
      {
        dtype: { kind: 'type', value: variable.dtype },
      },
    );
    assigns.push(`^${assign}`);
  });
  const one = builder.constant('set/one', scalarFloat(1));
  const done = builder.add('set/done', 'Identity', [one, ...assigns], { T: { kind: 'type', value: DataType.float } });
  const doneSpec: TensorSpec = { name: `${done}:0`, dtype: DataType.float, shape: [] };
  // A signature needs an input to be called through tfjs-node: read_weights takes the learning rate.
  const lrSpec: TensorSpec = { name: `${shared.learningRate}:0`, dtype: DataType.float, shape: [] };
  return {
    [READ_WEIGHTS]: { inputs: { [LEARNING_RATE_INPUT]: lrSpec }, outputs: readOutputs },
    [SET_WEIGHTS]: { inputs: setInputs, outputs: { done: doneSpec } },
  };
}

/**
 * One graph for all traced steps. `learningRateSentinel` is the learning rate the steps were
 * traced with: scalars equal to it (or to its negative) become the `lr` input.
 */
export function buildStepGraph(
  types: AttrTypes,
  steps: TracedStep[],
  variableInfo: Map<string, Omit<GraphVariable, 'name'>>,
  learningRate: number,
  learningRateSentinel: number,
): StepGraph {
  const builder = new GraphBuilder();
  const touched = new Set(steps.flatMap((step) => [...step.reads.values(), ...step.writes.keys()]));
  const variables = [...touched].map((name) => ({ name, ...(variableInfo.get(name) as Omit<GraphVariable, 'name'>) }));
  const defaultRate = builder.constant('lr/default', scalarFloat(learningRate));
  const learningRateNode = builder.add(LEARNING_RATE_INPUT, 'PlaceholderWithDefault', [defaultRate], {
    dtype: { kind: 'type', value: DataType.float },
    shape: { kind: 'shape', value: [] },
  });
  const negative = builder.add('lr/neg', 'Neg', [learningRateNode], { T: { kind: 'type', value: DataType.float } });
  const shared: SharedNodes = {
    ...addVariables(builder, variables),
    learningRate: learningRateNode,
    negativeLearningRate: negative,
  };
  const signatures: Record<string, Signature> = {};
  for (const step of steps) {
    const { signature, usesLearningRate } = addStep(builder, types, step, shared, learningRateSentinel);
    if (!usesLearningRate)
      throw new CompileUnsupported(
        'the optimizer does not take its learning rate as a plain number, so it could not become a graph input',
      );
    signatures[trainSignatureName(step.batchSize)] = signature;
  }
  Object.assign(signatures, addWeightSignatures(builder, variables, shared));
  return { nodes: builder.nodes, signatures, variables };
}
