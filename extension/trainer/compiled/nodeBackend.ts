/**
 * The parts of tfjs-node's kernel backend and native binding that the compiled step uses:
 * the eager op calls it records, the tensor ids it maps, and the SavedModel session it runs.
 * tfjs-node is pinned (4.22); these are its own JavaScript-visible members.
 */
import type { Tensor } from '@tensorflow/tfjs';
import type { TensorFlow } from '../tensorflow';

export interface BindingAttr {
  name: string;
  type: number;
  value: unknown;
}

export interface TensorMetadata {
  id: number;
  shape: number[];
  dtype: number;
}

export interface Binding {
  executeOp(name: string, attrs: BindingAttr[], inputIds: number[], outputs: number): TensorMetadata[];
  tensorDataSync(id: number): ArrayLike<number> & ArrayBufferView;
  runSavedModel(...args: unknown[]): TensorMetadata[];
  TF_ATTR_STRING: number;
  TF_ATTR_INT: number;
  TF_ATTR_FLOAT: number;
  TF_ATTR_BOOL: number;
  TF_ATTR_TYPE: number;
  TF_ATTR_SHAPE: number;
}

export interface TensorEntry {
  id: number;
  shape: number[];
  /** A TF_DataType for tensors made by ops, a tfjs dtype name for ones made from JS values. */
  dtype: number | string;
  values: unknown;
}

export interface NodeBackend {
  binding: Binding;
  tensorMap: { get(dataId: object): TensorEntry | undefined };
  getInputTensorIds(tensors: Tensor[]): number[];
}

export function nodeBackendOf(tf: TensorFlow): NodeBackend | undefined {
  if (tf.getBackend() !== 'tensorflow') return undefined;
  const backend = tf.backend() as unknown as Partial<NodeBackend>;
  return backend.binding && backend.tensorMap && typeof backend.getInputTensorIds === 'function'
    ? (backend as NodeBackend)
    : undefined;
}

const TFJS_DTYPES: Record<string, number> = { float32: 1, int32: 3, bool: 10, string: 7, complex64: 8 };

export function dataTypeOf(dtype: number | string): number {
  if (typeof dtype === 'number') return dtype;
  const code = TFJS_DTYPES[dtype];
  if (code === undefined) throw new Error(`no TensorFlow data type for tfjs dtype ${dtype}`);
  return code;
}

/** The binding's tensor id for a tfjs tensor, uploading JS-held values first. */
export function tensorIdOf(backend: NodeBackend, tensor: Tensor): number {
  const [id] = backend.getInputTensorIds([tensor]);
  if (id === undefined) throw new Error('tensor has no native id');
  return id;
}
