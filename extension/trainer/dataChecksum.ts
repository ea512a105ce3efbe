/**
 * A cheap fingerprint of what `loadData()` returned: the values of the first examples of the
 * training split. A run records it; evaluate and resume compare, and warn when `loadData()` now
 * returns other data (random data drawn without a seed, a data file that changed).
 */
import type { Tensor } from '@tensorflow/tfjs';
import type { RunInfo } from '../runs/runFiles';
import type { RunWriter } from '../runs/runWriter';
import type { Send } from './loadModelFile';
import { exampleCount, sliceExamples, type TensorInputs } from './modelInputs';
import type { ModelData, Split } from './modelModule';
import type { TensorFlow } from './tensorflow';
import { isBatchedDataset, isDataset } from './datasetBatching';
import { datasetHead } from './data/datasetHead';

const CHECKSUM_EXAMPLES = 32;

/** FNV-1a over the tensors' values as float32 bits. */
function fnv1a(tensors: Tensor[]): string {
  let hash = 0x811c9dc5;
  for (const tensor of tensors) {
    const values = tensor.dataSync();
    const bytes = new Uint8Array(Float32Array.from(values as ArrayLike<number>).buffer);
    for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

function tensorsIn(tf: TensorFlow, value: unknown): Tensor[] {
  if (value instanceof tf.Tensor) return [value];
  if (Array.isArray(value)) return value.flatMap((item) => tensorsIn(tf, item));
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap((item) => tensorsIn(tf, item));
  return [];
}

export async function firstExamplesChecksum(tf: TensorFlow, data: ModelData): Promise<string> {
  if (isDataset(tf, data.train)) {
    // The start's shared read of the first elements: released with it, not here.
    return fnv1a(tensorsIn(tf, await datasetHead(data.train, isBatchedDataset(data.train) ? 1 : CHECKSUM_EXAMPLES)));
  }
  const { xs, ys } = data.train as Split;
  const count = Math.min(CHECKSUM_EXAMPLES, exampleCount(xs));
  const first = (value: TensorInputs) => tensorsIn(tf, sliceExamples(value, 0, count));
  const tensors = [...first(xs), ...first(ys)];
  try {
    return fnv1a(tensors);
  } finally {
    tf.dispose(tensors);
  }
}

/** The warning when a run's data now differs from what it trained on, else undefined. */
export function changedDataWarning(
  recorded: string | undefined,
  now: string,
  runId: string,
  consequence: string,
): string | undefined {
  if (recorded === undefined || recorded === now) return undefined;
  return `loadData() returned other data than when run ${runId} trained (its first examples differ): ${consequence} Draw random data with a seed (e.g. tf.randomNormal(shape, 0, 1, 'float32', 42)), or read it from a file that does not change.`;
}

/**
 * Records the checksum of a new run's data, or compares it with the one recorded by the run
 * being continued (resume) or scored (evaluate) and warns when they differ. Returns whether they
 * differ (undefined when the run recorded none).
 */
export async function noteDataChecksum(
  tf: TensorFlow,
  data: ModelData,
  run: { writer?: RunWriter; compareWith?: RunInfo; consequence: string },
  send: Send,
): Promise<boolean | undefined> {
  const checksum = await firstExamplesChecksum(tf, data);
  const { compareWith } = run;
  const warning =
    compareWith && changedDataWarning(compareWith.dataChecksum, checksum, compareWith.runId, run.consequence);
  if (warning) send({ type: 'log', level: 'warning', text: warning });
  if (run.writer && run.writer.info.dataChecksum === undefined) run.writer.update({ dataChecksum: checksum });
  return compareWith?.dataChecksum === undefined ? undefined : warning !== undefined;
}
