/**
 * How one of a script's fit calls trains: through the compiled step under the same conditions
 * as module mode (executionChoice), or eagerly with the reason. The call's own options decide
 * first: those only tfjs's loop takes (sample and class weights, steps per epoch, batch
 * shuffling) keep it eager; `verbose` does not (the interceptor sets it to 0).
 */
import type { LayersModel, Tensor } from '@tensorflow/tfjs';
import type { CompileMode, TrainingConfig } from '../../protocol/model';
import { chooseExecution, type BuildStep, type Execution } from '../compiled/executionChoice';
import { isTensorInputs } from '../modelInputs';
import type { ModelData, SplitData } from '../modelModule';
import type { TensorFlow } from '../tensorflow';
import type { FitKind } from './fitInterceptor';

/** Why this fit call cannot compile whatever the model, or undefined. */
export function fitArgsBlocker(args: Record<string, unknown>): string | undefined {
  for (const option of ['sampleWeight', 'classWeight', 'stepsPerEpoch', 'validationSteps'] as const)
    if (args[option] !== undefined && args[option] !== null)
      return `the script's fit passes ${option}, which the compiled step does not take`;
  if (args.shuffle === 'batch') return "the script's fit asks for shuffle: 'batch'";
  const validation = args.validationData;
  if (Array.isArray(validation) && validation.length !== 2)
    return "the script's fit passes validationData with sample weights";
  return undefined;
}

/** The call's data as module mode's loadData would give it, or the reason it is not tensors. */
function fitData(
  tf: TensorFlow,
  kind: FitKind,
  args: Record<string, unknown>,
  inputs: unknown,
  targets: unknown,
): ModelData | string {
  if (kind === 'fitDataset') return { train: inputs as SplitData };
  if (!isTensorInputs(tf, inputs) || !isTensorInputs(tf, targets))
    return "the script's fit inputs or targets are not tensors";
  const validation = args.validationData;
  if (!Array.isArray(validation) || validation.length !== 2) return { train: { xs: inputs, ys: targets } };
  const [xs, ys] = validation as unknown[];
  if (!isTensorInputs(tf, xs) || !isTensorInputs(tf, ys)) return "the script's validationData is not tensors";
  return { train: { xs: inputs, ys: targets }, validation: { xs, ys } };
}

export interface FitCall {
  kind: FitKind;
  args: Record<string, unknown>;
  inputs: unknown;
  targets: unknown;
  config: TrainingConfig;
}

export async function chooseFitExecution(
  tf: TensorFlow,
  model: LayersModel,
  call: FitCall,
  mode: CompileMode,
  build: BuildStep,
): Promise<Execution> {
  const data = fitData(tf, call.kind, call.args, call.inputs, call.targets);
  const blocker =
    typeof data === 'string'
      ? data
      : (fitArgsBlocker(call.args) ?? (model.optimizer ? undefined : 'the model is not compiled (model.compile)'));
  // With a blocker the choice never looks at the data.
  const modelData: ModelData = typeof data === 'string' ? { train: { xs: [], ys: [] } } : data;
  return chooseExecution(tf, model, modelData, call.config, mode, { blocker, build });
}

/** Disposes the tensors the compiled path made for a call (validation split slices); the script's stay. */
export function disposeFitTensors(tf: TensorFlow, execution: Execution, call: FitCall): void {
  if (execution.execution !== 'graph') return;
  const scripts = new Set<unknown>();
  const collect = (value: unknown): void => {
    if (value instanceof tf.Tensor) scripts.add(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(collect);
  };
  collect([call.inputs, call.targets, call.args.validationData]);
  const made = [execution.train, execution.validation].flatMap((split) => (split ? [...split.xs, ...split.ys] : []));
  tf.dispose(made.filter((tensor: Tensor) => !scripts.has(tensor)));
}
