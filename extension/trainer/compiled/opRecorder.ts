/**
 * Records what one eager step asks of TensorFlow: every op tfjs-node executes (name, attributes,
 * input and output tensor ids), and the value of every tensor the step uses that no recorded op
 * made (constants made from JS numbers, cached scalars). Ids the caller already knows (variables,
 * the batch) are left for the caller to map. Reading data back into JS or running a SavedModel
 * inside the step would not survive as a graph, so they are counted.
 */
import type { Tensor } from '@tensorflow/tfjs';
import { dataTypeOf, type Binding, type BindingAttr, type NodeBackend, type TensorMetadata } from './nodeBackend';

export interface RecordedOp {
  op: string;
  attrs: BindingAttr[];
  inputs: number[];
  outputs: TensorMetadata[];
}

export interface RecordedConstant {
  dtype: number;
  shape: number[];
  values: ArrayBufferView;
}

export interface OpRecording {
  ops: RecordedOp[];
  /** Tensors the step used that no recorded op produced and the caller did not name. */
  constants: Map<number, RecordedConstant>;
  /** Times the step read a tensor's data back into JavaScript. */
  readBacks: number;
}

function copyValues(values: unknown): ArrayBufferView {
  if (ArrayBuffer.isView(values)) return (values as unknown as { slice(): ArrayBufferView }).slice();
  throw new Error('tensor values are not a typed array');
}

export function recordOps<T>(backend: NodeBackend, knownIds: ReadonlySet<number>, run: () => T): [T, OpRecording] {
  const real: Binding = backend.binding;
  const produced = new Set<number>();
  // GatherV2 reads its indices to check their range, then gathers in TensorFlow: that read is harmless.
  const pendingReads = new Set<number>();
  const recording: OpRecording = { ops: [], constants: new Map(), readBacks: 0 };
  const realInputIds = backend.getInputTensorIds;
  const ownInputIds = Object.prototype.hasOwnProperty.call(backend, 'getInputTensorIds');

  backend.binding = Object.create(real, {
    executeOp: {
      value(name: string, attrs: BindingAttr[], inputs: number[], outputs: number): TensorMetadata[] {
        if (name === 'GatherV2' && inputs[1] !== undefined) pendingReads.delete(inputs[1]);
        const metadata = real.executeOp(name, attrs, inputs, outputs);
        recording.ops.push({
          op: name,
          attrs: attrs.map((attr) => ({ ...attr })),
          inputs: [...inputs],
          outputs: metadata,
        });
        for (const output of metadata) produced.add(output.id);
        return metadata;
      },
    },
    tensorDataSync: {
      value(id: number) {
        pendingReads.add(id);
        return real.tensorDataSync(id);
      },
    },
  }) as Binding;
  backend.getInputTensorIds = (tensors: Tensor[]): number[] => {
    const jsValues = tensors.map((tensor) => backend.tensorMap.get(tensor.dataId)?.values ?? undefined);
    const ids = realInputIds.call(backend, tensors);
    ids.forEach((id, index) => {
      if (produced.has(id) || knownIds.has(id) || recording.constants.has(id)) return;
      const tensor = tensors[index] as Tensor;
      const values = jsValues[index] ?? real.tensorDataSync(id);
      recording.constants.set(id, {
        dtype: dataTypeOf(tensor.dtype),
        shape: [...tensor.shape],
        values: copyValues(values),
      });
    });
    return ids;
  };
  try {
    const result = run();
    recording.readBacks = pendingReads.size;
    return [result, recording];
  } finally {
    backend.binding = real;
    if (ownInputIds) backend.getInputTensorIds = realInputIds;
    else delete (backend as Partial<NodeBackend>).getInputTensorIds;
  }
}
