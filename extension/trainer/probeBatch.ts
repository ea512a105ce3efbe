/** The fixed inputs the inspector looks at: the first examples of the validation split (else train). */
import type { LayersModel, Tensor } from '@tensorflow/tfjs';
import { exampleCount, inOrder, sliceExamples, type TensorInputs } from './modelInputs';
import type { ModelData, Split } from './modelModule';
import type { TensorFlow } from './tensorflow';
import { inBatches, isDataset } from './datasetBatching';

export const PROBE_EXAMPLES = 64;

export interface ProbeBatch {
  /** One tensor, or one per model input. */
  inputs: Tensor | Tensor[];
  label: string;
}

function labelOf(tf: TensorFlow, ys: Tensor | Tensor[] | undefined): string {
  if (!ys || Array.isArray(ys) || ys.rank !== 2 || (ys.shape[1] ?? 0) < 2) return '';
  const label = tf.tidy(() => tf.argMax(ys.slice([0, 0], [1, -1]), 1).dataSync()[0]);
  return ` (label ${label})`;
}

/** The first examples of `inputs` (at most PROBE_EXAMPLES), in the model's input order; undefined when empty. */
export function probeInputs(tf: TensorFlow, model: LayersModel, inputs: TensorInputs): Tensor | Tensor[] | undefined {
  const count = Math.min(PROBE_EXAMPLES, exampleCount(inputs));
  if (count === 0) return undefined;
  return tf.tidy(() => inOrder(sliceExamples(inputs, 0, count), model.inputNames));
}

export async function probeBatch(tf: TensorFlow, model: LayersModel, data: ModelData): Promise<ProbeBatch | undefined> {
  const [split, name] = data.validation ? [data.validation, 'validation'] : [data.train, 'train'];
  if (isDataset(tf, split)) {
    const [first] = (await inBatches(split, PROBE_EXAMPLES).take(1).toArray()) as {
      xs?: TensorInputs;
      ys?: TensorInputs;
    }[];
    if (!first?.xs) return undefined;
    const ys = first.ys && inOrder(first.ys, model.outputNames);
    const inputs = probeInputs(tf, model, first.xs); // a batch the model file made may hold more
    tf.dispose(first.xs as Parameters<TensorFlow['dispose']>[0]);
    return inputs && { inputs, label: `${name}[0]${labelOf(tf, ys)}` };
  }
  const { xs, ys } = split as Split;
  const inputs = probeInputs(tf, model, xs);
  if (!inputs) return undefined;
  return { inputs, label: `${name}[0]${labelOf(tf, inOrder(ys, model.outputNames))}` };
}
