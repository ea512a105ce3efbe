/**
 * Script mode's hook into TensorFlow.js: `LayersModel.prototype.fit` and `fitDataset` are
 * wrapped so that a training script that calls them itself gets the same live callback, run
 * records and stop/pause control as a module-mode run. Fits the trainer makes itself pass
 * through untouched.
 */
import type { LayersModel, ModelFitArgs, ModelFitDatasetArgs } from '@tensorflow/tfjs';
import type { TensorFlow } from '../tensorflow';
import type { FitCallback } from '../compiled/callbackFit';

export type FitKind = 'fit' | 'fitDataset';

/** How one fit call trains: tfjs's own fit with a callback added, or the trainer's loop instead. */
export interface FitPlan {
  /** Added after the script's callbacks when tfjs's fit trains. */
  callback: unknown;
  /** Trains the call in place of tfjs's fit (the compiled step) with the script's callbacks; resolves to the History. */
  train?: (callbacks: FitCallback[]) => Promise<unknown>;
}

/**
 * What the trainer does around a script's fit call: plans how it trains, and may change the
 * call's options (Tensorscope's own --epochs/--batch-size).
 */
export interface FitObserver {
  beforeFit(
    model: LayersModel,
    kind: FitKind,
    args: ModelFitArgs | ModelFitDatasetArgs<unknown>,
    inputs: unknown,
    targets: unknown,
  ): Promise<FitPlan>;
  afterFit(model: LayersModel): Promise<void>;
}

type FitArgs = { callbacks?: unknown; verbose?: number };
type AnyFit = (this: LayersModel, ...args: unknown[]) => Promise<unknown>;

export class FitInterceptor {
  private observer: FitObserver | undefined;
  private readonly originals = new Map<FitKind, AnyFit>();
  fitCalls = 0;
  /** Fits training now, followed or not. */
  running = 0;

  /** `onConcurrentFit`: a fit started while a followed one trains (an ensemble's Promise.all) is not followed. */
  constructor(
    private readonly tf: TensorFlow,
    private readonly onConcurrentFit?: (model: LayersModel) => void,
  ) {}

  /** Starts observing fits made by user code. */
  install(observer: FitObserver): void {
    this.observer = observer;
    const prototype = this.tf.LayersModel.prototype as unknown as Record<FitKind, AnyFit>;
    for (const kind of ['fit', 'fitDataset'] as const) {
      const original = prototype[kind];
      this.originals.set(kind, original);
      const observed = this.observed.bind(this);
      prototype[kind] = function (this: LayersModel, ...args: unknown[]) {
        return observed(kind, original, this, args);
      };
    }
  }

  uninstall(): void {
    const prototype = this.tf.LayersModel.prototype as unknown as Record<FitKind, AnyFit>;
    for (const [kind, original] of this.originals) prototype[kind] = original;
    this.originals.clear();
    this.observer = undefined;
  }

  private async observed(kind: FitKind, original: AnyFit, model: LayersModel, args: unknown[]): Promise<unknown> {
    const observer = this.observer;
    if (!observer) return original.apply(model, args);
    // One run follows one fit at a time: records of fits trained side by side would interleave.
    const concurrent = this.running > 0;
    if (concurrent) this.onConcurrentFit?.(model);
    else this.fitCalls++;
    this.running++;
    try {
      return await (concurrent ? original.apply(model, args) : this.follow(kind, original, model, args, observer));
    } finally {
      this.running--;
    }
  }

  private async follow(
    kind: FitKind,
    original: AnyFit,
    model: LayersModel,
    args: unknown[],
    observer: FitObserver,
  ): Promise<unknown> {
    // fit(x, y, args) and fitDataset(dataset, args): the options object is the last argument.
    const optionsIndex = kind === 'fit' ? 2 : 1;
    const options = { ...((args[optionsIndex] as FitArgs | undefined) ?? {}) };
    const plan = await observer.beforeFit(
      model,
      kind,
      options as ModelFitArgs,
      args[0],
      kind === 'fit' ? args[1] : undefined,
    );
    const callbacks = this.scriptCallbacks(options.callbacks);
    options.callbacks = [...callbacks, plan.callback];
    // Tensorscope prints its own progress (the CLI's epoch lines, the panel): tfjs-node's progress bar would
    // repeat it, in carriage-return frames an output channel cannot redraw, and keep the call eager.
    options.verbose = 0;
    const call = [...args];
    call[optionsIndex] = options;
    try {
      return await (plan.train ? plan.train(callbacks) : original.apply(model, call));
    } finally {
      await observer.afterFit(model);
    }
  }

  /** The script's callbacks (one or a list; objects or Callback instances) as tfjs Callbacks. */
  private scriptCallbacks(callbacks: unknown): FitCallback[] {
    const list =
      callbacks === undefined || callbacks === null ? [] : Array.isArray(callbacks) ? callbacks : [callbacks];
    return list.map((callback) =>
      isCallbackInstance(callback)
        ? (callback as FitCallback)
        : new this.tf.CustomCallback(callback as ConstructorParameters<TensorFlow['CustomCallback']>[0]),
    );
  }
}

/**
 * A tfjs callback object already: a Callback (early stopping) or a CustomCallback, which is no
 * Callback (tf.node.tensorBoard's is one). Wrapping one again in a CustomCallback made its hooks
 * call themselves until the trainer ran out of memory.
 */
function isCallbackInstance(callback: unknown): boolean {
  const candidate = callback as { setParams?: unknown; onEpochEnd?: unknown } | null;
  return typeof candidate?.setParams === 'function' && typeof candidate.onEpochEnd === 'function';
}
