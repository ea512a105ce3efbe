/**
 * `config.callbacks` in module mode: the user's own tfjs callbacks (tf.callbacks.earlyStopping,
 * a learning-rate schedule written as a tf.Callback or as { onEpochEnd }) run inside the
 * extension's loop. Each is wrapped so that when it acts (stops training, changes the
 * optimizer's learning rate) the run records a `control` record naming it, as the loss panel's
 * own Stop and Change Learning Rate do. They run in the compiled loop as in tfjs's (callbackFit).
 */
import type { LayersModel, Logs } from '@tensorflow/tfjs';
import type { ControlRecord } from '../protocol/records';
import { actsPerBatch } from './compiled/callbackFit';
import { TrainerFailure } from './failure';
import { findDeclaration } from '../source/sourceText';
import type { TensorFlow } from './tensorflow';

type Hook = (...args: unknown[]) => unknown;
const HOOKS = ['onTrainBegin', 'onTrainEnd', 'onEpochBegin', 'onEpochEnd', 'onBatchBegin', 'onBatchEnd'] as const;

export type ControlChange = Pick<ControlRecord, 'action' | 'value' | 'by'>;

export interface UserCallbacks {
  /** To pass to fit/fitDataset after the live callback. */
  readonly callbacks: unknown[];
  /** A user callback stopped training (early stopping): the run is complete, not to be continued. */
  readonly stoppedTraining: boolean;
}

function callbackName(callback: object, index: number): string {
  const name = callback.constructor?.name;
  return name && name !== 'Object' ? name : `callbacks[${index}]`;
}

function learningRateOf(model: LayersModel): number | undefined {
  const value = (model.optimizer as unknown as { learningRate?: unknown } | undefined)?.learningRate;
  return typeof value === 'number' ? value : undefined;
}

function checkCallbacks(value: unknown, modelFile: string): object[] {
  const fail = (message: string): never => {
    throw new TrainerFailure(
      'contract',
      message,
      findDeclaration(modelFile, 'config'),
      'Use tfjs callbacks, e.g. callbacks: [tf.callbacks.earlyStopping({ monitor: "val_loss", patience: 3 })] or { onEpochEnd: async (epoch, logs) => { ... } }.',
    );
  };
  if (!Array.isArray(value)) return fail(`config.callbacks must be a list of tfjs callbacks, got ${typeof value}.`);
  value.forEach((callback, i) => {
    const hasHook =
      typeof callback === 'object' &&
      callback !== null &&
      HOOKS.some((hook) => typeof (callback as Record<string, unknown>)[hook] === 'function');
    if (!hasHook) fail(`config.callbacks[${i}] is not a tfjs callback: it has none of ${HOOKS.join(', ')}.`);
  });
  return value as object[];
}

export function wrapUserCallbacks(
  tf: TensorFlow,
  model: LayersModel,
  value: unknown,
  modelFile: string,
  onControl: (change: ControlChange) => void,
): UserCallbacks {
  const state = { callbacks: [] as unknown[], stoppedTraining: false };
  if (value === undefined) return state;
  const users = checkCallbacks(value, modelFile);
  state.callbacks = users.map((user, index) => {
    const name = callbackName(user, index);
    const target = user as Record<string, unknown> & { setModel?: Hook; setParams?: Hook };
    class Acting extends tf.Callback {
      /** The compiled loop syncs weights before batch callbacks only for callbacks that have them. */
      readonly actsPerBatch = actsPerBatch(tf, user);

      override setParams(params: Record<string, unknown>): void {
        super.setParams(params as never);
        target.setParams?.call(user, params);
      }
      override setModel(inner: LayersModel): void {
        super.setModel(inner as never);
        target.setModel?.call(user, inner);
      }
      /** Runs the user's hook, then records what it changed. */
      async run(hook: (typeof HOOKS)[number], args: unknown[]): Promise<void> {
        const fn = target[hook];
        if (typeof fn !== 'function') return;
        const learningRate = learningRateOf(model);
        const wasStopping = model.stopTraining;
        await (fn as Hook).apply(user, args);
        const after = learningRateOf(model);
        if (after !== undefined && after !== learningRate)
          onControl({ action: 'setLearningRate', value: after, by: name });
        if (model.stopTraining && !wasStopping && !state.stoppedTraining) {
          state.stoppedTraining = true;
          onControl({ action: 'stop', value: null, by: name });
        }
      }
      override async onTrainBegin(logs?: Logs): Promise<void> {
        await this.run('onTrainBegin', [logs]);
      }
      override async onTrainEnd(logs?: Logs): Promise<void> {
        await this.run('onTrainEnd', [logs]);
      }
      override async onEpochBegin(epoch: number, logs?: Logs): Promise<void> {
        await this.run('onEpochBegin', [epoch, logs]);
      }
      override async onEpochEnd(epoch: number, logs?: Logs): Promise<void> {
        await this.run('onEpochEnd', [epoch, logs]);
      }
      override async onBatchBegin(batch: number, logs?: Logs): Promise<void> {
        await this.run('onBatchBegin', [batch, logs]);
      }
      override async onBatchEnd(batch: number, logs?: Logs): Promise<void> {
        await this.run('onBatchEnd', [batch, logs]);
      }
    }
    return new Acting();
  });
  return state;
}
