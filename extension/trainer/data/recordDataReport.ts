/** Every training run records what its data looked like (the `data` record), so any run can show it. */
import type { RunWriter } from '../../runs/runWriter';
import type { Send } from '../loadModelFile';
import type { ModelData } from '../modelModule';
import type { TensorFlow } from '../tensorflow';
import { describeData } from './describeData';
import type { SampleBounds } from './splitSample';

/** Lighter than the Data view's bounds: this runs before every training run. */
const TRAINING_BOUNDS: SampleBounds = { maxExamples: 1_000, maxValues: 2_000_000, datasetMs: 1_000 };

export async function recordDataReport(
  tf: TensorFlow,
  data: ModelData,
  writer: RunWriter,
  send: Send,
  modelFile: string,
): Promise<void> {
  try {
    const report = await describeData(tf, data, TRAINING_BOUNDS);
    writer.append({ type: 'data', ...report }, true);
    send({ type: 'dataReport', modelFile, report });
  } catch (error) {
    // The description is a view of the data, not a condition of training: say so and train on.
    const reason = error instanceof Error ? error.message : String(error);
    send({ type: 'log', level: 'warning', text: `Describing the data failed (${reason}); training goes on.` });
  }
}
