/**
 * The graph a compiled training step is made of, as plain data, and its encoding as a
 * SavedModel (`saved_model.pb` alone: a flat GraphDef, no function library, no variables
 * folder), which tfjs-node's `tf.node.loadSavedModel` loads into one TensorFlow session.
 */
import { ProtoWriter } from './protoWriter';

/** TensorFlow's DataType enum (the same numbers as the C API's TF_DataType). */
export const DataType = { float: 1, int32: 3, uint8: 4, string: 7, int64: 9, bool: 10, resource: 20 } as const;

export interface ConstTensor {
  dtype: number;
  shape: readonly number[];
  /** Little-endian element bytes, as in TensorProto.tensor_content. */
  content: Uint8Array;
}

export type AttrValue =
  | { kind: 'string'; value: string }
  | { kind: 'int'; value: number | readonly number[] }
  | { kind: 'float'; value: number | readonly number[] }
  | { kind: 'bool'; value: boolean | readonly boolean[] }
  | { kind: 'type'; value: number }
  /** Dimensions, -1 for unknown. */
  | { kind: 'shape'; value: readonly number[] }
  | { kind: 'tensor'; value: ConstTensor };

export interface GraphNode {
  name: string;
  op: string;
  /** `node`, `node:1`, or `^node` for a control dependency. */
  inputs: string[];
  attrs: Record<string, AttrValue>;
}

export interface TensorSpec {
  /** The tensor's name in the graph, `node:0`. */
  name: string;
  dtype: number;
  shape: readonly number[];
}

export interface Signature {
  inputs: Record<string, TensorSpec>;
  outputs: Record<string, TensorSpec>;
}

/** GraphDef version stamp; any producer from TF 1.x on is read by TF 2.x. */
const GRAPH_PRODUCER = 1286;
const GRAPH_MIN_CONSUMER = 12;

function writeShape(writer: ProtoWriter, dims: readonly number[]): void {
  for (const size of dims) writer.message(2, (dim) => dim.int(1, size));
}

function writeTensor(writer: ProtoWriter, tensor: ConstTensor): void {
  writer.int(1, tensor.dtype);
  writer.message(2, (shape) => writeShape(shape, tensor.shape));
  if (tensor.content.length > 0) writer.bytes(4, tensor.content);
}

function writeAttr(writer: ProtoWriter, attr: AttrValue): void {
  const { value } = attr;
  switch (attr.kind) {
    case 'string':
      writer.string(2, attr.value);
      return;
    case 'type':
      writer.int(6, attr.value);
      return;
    case 'shape':
      writer.message(7, (shape) => writeShape(shape, attr.value));
      return;
    case 'tensor':
      writer.message(8, (tensor) => writeTensor(tensor, attr.value));
      return;
  }
  const [scalarField, listField] = attr.kind === 'int' ? [3, 3] : attr.kind === 'float' ? [4, 4] : [5, 5];
  if (Array.isArray(value)) {
    writer.message(1, (list) => {
      if (value.length === 0) return;
      if (attr.kind === 'float') list.packedFloats(listField, value as number[]);
      else list.packedInts(listField, value as (number | boolean)[]);
    });
  } else if (attr.kind === 'float') writer.float(scalarField, value as number);
  else writer.int(scalarField, value as number | boolean);
}

function writeNode(writer: ProtoWriter, node: GraphNode): void {
  writer.string(1, node.name).string(2, node.op);
  for (const input of node.inputs) writer.string(3, input);
  for (const [name, attr] of Object.entries(node.attrs)) writer.mapEntry(5, name, (value) => writeAttr(value, attr));
}

function writeTensorInfo(writer: ProtoWriter, spec: TensorSpec): void {
  writer.string(1, spec.name).int(2, spec.dtype);
  writer.message(3, (shape) => writeShape(shape, spec.shape));
}

function writeSignature(writer: ProtoWriter, signature: Signature): void {
  for (const [key, spec] of Object.entries(signature.inputs)) writer.mapEntry(1, key, (v) => writeTensorInfo(v, spec));
  for (const [key, spec] of Object.entries(signature.outputs)) writer.mapEntry(2, key, (v) => writeTensorInfo(v, spec));
  writer.string(3, 'tensorflow/serving/predict');
}

export const SAVED_MODEL_TAG = 'serve';

/** `saved_model.pb` for one meta graph tagged `serve`. */
export function encodeSavedModel(nodes: readonly GraphNode[], signatures: Record<string, Signature>): Uint8Array {
  const savedModel = new ProtoWriter();
  savedModel.int(1, 1);
  savedModel.message(2, (metaGraph) => {
    metaGraph.message(1, (info) => info.string(4, SAVED_MODEL_TAG));
    metaGraph.message(2, (graph) => {
      for (const node of nodes) graph.message(1, (writer) => writeNode(writer, node));
      graph.message(4, (versions) => versions.int(1, GRAPH_PRODUCER).int(2, GRAPH_MIN_CONSUMER));
    });
    for (const [name, signature] of Object.entries(signatures))
      metaGraph.mapEntry(5, name, (writer) => writeSignature(writer, signature));
  });
  return savedModel.finish();
}
