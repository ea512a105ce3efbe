/**
 * A script's compiled step kept from one fit call to the next, so that a script calling fit once
 * per epoch in a loop builds its graph once. A call reuses it when nothing the graph was traced
 * from has changed: the full batch's shapes (not the last batch's: see traceKey), the trainable weights, the optimizer and the compiled loss
 * (`model.compile` again makes new loss functions); the model's weights and optimizer state are
 * written into the session first, since the script may have changed them between calls.
 */
import type { LayersModel, Optimizer } from '@tensorflow/tfjs';
import type { TensorFlow } from '../tensorflow';
import { CompiledTraining, type TraceBatch } from '../compiled/compiledTraining';

interface Built {
  key: string;
  optimizer: Optimizer;
  lossFunctions: unknown;
  compiled: CompiledTraining;
}

function lossFunctionsOf(model: LayersModel): unknown {
  return (model as unknown as { lossFunctions?: unknown }).lossFunctions;
}

/**
 * What a kept step must have been traced from: the full batch's shapes and the trainable weights.
 * The epoch's last, smaller batch is left out: a call whose last batch the graph has no step for
 * trains that one batch eagerly (compiledLoop), which costs far less than building the graph again
 * for a script whose data grows from call to call (a replay buffer).
 */
function traceKey(model: LayersModel, batches: TraceBatch[]): string {
  const shapes = batches
    .slice(0, 1)
    .map((batch) => [...batch.xs, ...batch.ys].map((tensor) => `${tensor.dtype}${tensor.shape.join('x')}`));
  return JSON.stringify([shapes, model.trainableWeights.map((weight) => weight.name)]);
}

export class StepCache {
  private built: Built | undefined;

  readonly build = async (tf: TensorFlow, model: LayersModel, batches: TraceBatch[]): Promise<CompiledTraining> => {
    const key = traceKey(model, batches);
    const built = this.built;
    if (built?.key === key && built.optimizer === model.optimizer && built.lossFunctions === lossFunctionsOf(model)) {
      built.compiled.syncFromModel();
      return built.compiled;
    }
    this.dispose();
    const compiled = await CompiledTraining.build(tf, model, batches);
    this.built = { key, optimizer: model.optimizer, lossFunctions: lossFunctionsOf(model), compiled };
    return compiled;
  };

  dispose(): void {
    this.built?.compiled.dispose();
    this.built = undefined;
  }
}
