/**
 * A dataset's first elements, read once when a command starts and shared by what looks at them
 * there (batch detection, the data check, the data checksum) instead of each iterating the dataset
 * again: a model file's dataset may read a file, decode images or batch 64 examples to make its
 * first element, and a shuffled one would show each of them another element. One iterator per
 * dataset, read on only as far as asked. The elements' tensors are kept until
 * `releaseDatasetHeads` (the command is past its start); the readers must not dispose them.
 */
import type { TensorContainer } from '@tensorflow/tfjs';
import type { ExampleDataset } from '../modelModule';
import type { TensorFlow } from '../tensorflow';

interface Head {
  iterator: ReturnType<ExampleDataset['iterator']>;
  elements: TensorContainer[];
  ended: boolean;
}

const heads = new Map<ExampleDataset, Head>();

/** The dataset's first `count` elements (all of them when it has fewer). Callers read one after another. */
export async function datasetHead(dataset: ExampleDataset, count: number): Promise<TensorContainer[]> {
  let head = heads.get(dataset);
  if (head === undefined) {
    head = { iterator: dataset.iterator(), elements: [], ended: false };
    heads.set(dataset, head);
  }
  const iterator = await head.iterator;
  while (head.elements.length < count && !head.ended) {
    const next = await iterator.next();
    if (next.done) head.ended = true;
    else head.elements.push(next.value);
  }
  return head.elements.slice(0, count);
}

/** Frees the tensors of every dataset head read so far; a later read starts the dataset again. */
export function releaseDatasetHeads(tf: TensorFlow): void {
  for (const head of heads.values()) tf.dispose(head.elements);
  heads.clear();
}
