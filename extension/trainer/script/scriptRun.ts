/**
 * A script-mode run: an existing tfjs training script runs unchanged, and each of its
 * `fit`/`fitDataset` calls is followed with the same records, panel messages, checkpoints and
 * control as module mode. The script is done when Node has nothing left to do for it.
 */
import * as path from 'node:path';
import type { LayersModel, ModelFitArgs } from '@tensorflow/tfjs';
import type { BackendInfo, CompileMode, TrainingConfig } from '../../protocol/model';
import type { RunWriter } from '../../runs/runWriter';
import { TrainerFailure, locateInUserCode } from '../failure';
import { DEFAULT_SAMPLE_EVERY_BATCHES, LayerInspector } from '../inspection/layerInspector';
import type { LayerSourceRecorder } from '../inspection/layerSources';
import { createLiveCallback, type LiveCallback } from '../liveCallback';
import type { Send } from '../loadModelFile';
import { summarizeModel } from '../modelSummary';
import { isTensorInputs } from '../modelInputs';
import { probeInputs } from '../probeBatch';
import type { RunControl } from '../runControl';
import { RunRecorder, announceTraining, divergenceFailure } from '../runRecorder';
import type { TensorFlow } from '../tensorflow';
import { readOptimizerLearningRate } from '../optimizerLearningRate';
import { lossName, optimizerName } from '../trainingConfig';
import { executionInfo, type Execution } from '../compiled/executionChoice';
import { chooseFitExecution, type FitCall } from './fitExecution';
import type { FitKind, FitObserver, FitPlan } from './fitInterceptor';
import { trainFitThroughGraph } from './graphFit';
import { StepCache } from './stepCache';
import { SCRIPT_CHECKPOINT_INTERVAL_MS, ThrottledCheckpoints } from './scriptCheckpoints';
import { ExecutionTally } from './executionTally';
import { datasetBatchSize, fitExampleCount } from './fitInputs';
import { noFitFailure } from './noFitFailure';
import type { UnfollowedLoop } from './customLoopWatch';
import { otherModelNote } from './otherModelNote';
import { backendInUse } from './scriptBackend';

export interface ScriptRunContext {
  tf: TensorFlow;
  writer: RunWriter;
  send: Send;
  control: RunControl;
  sources: LayerSourceRecorder;
  backend: BackendInfo;
  modelFile: string;
  sampleEveryBatches: number | undefined;
  /** Tensorscope's own --epochs/--batch-size (or settings): they replace each fit call's. */
  overrides: { epochs?: number; batchSize?: number };
  compile: CompileMode;
  /** A training loop of the script's own that Tensorscope saw but cannot follow. */
  unfollowedLoop?: () => UnfollowedLoop | undefined;
}

type FitOptions = ModelFitArgs & { batchesPerEpoch?: number; initialEpoch?: number };

export class ScriptRun implements FitObserver {
  private recorder: RunRecorder | undefined;
  private checkpoints: ThrottledCheckpoints | undefined;
  private inspector: LayerInspector | undefined;
  private trainedModel: LayersModel | undefined;
  private readonly callbacks = new Map<LayersModel, LiveCallback>();
  private steps = 0;
  private epochsDone = 0;
  private batchSizeWarned = false;
  /** run.json's `execution`: the first call's way, then every call of the run's model counted. */
  private readonly executions = new ExecutionTally();
  private runInfoWrittenAt = 0;
  /** The run's model's compiled step, kept across its fit calls. */
  private readonly stepCache = new StepCache();

  constructor(private readonly context: ScriptRunContext) {}

  get fitsSeen(): boolean {
    return this.recorder !== undefined;
  }

  async beforeFit(
    model: LayersModel,
    kind: FitKind,
    args: FitOptions,
    inputs: unknown,
    targets: unknown,
  ): Promise<FitPlan> {
    this.applyOverrides(kind, args);
    const continuing = this.recorder !== undefined;
    const fitCall: FitCall = {
      kind,
      args: args as Record<string, unknown>,
      inputs,
      targets,
      config: scriptConfig(model, args, args.batchSize ?? 32),
    };
    const execution = await this.executionFor(model, fitCall);
    const recorder = this.recorder ?? (await this.start(model, kind, args, inputs, execution));
    let callback = this.callbacks.get(model);
    if (!callback) {
      const { tf, control } = this.context;
      if (this.trainedModel && model !== this.trainedModel)
        this.context.send({ type: 'log', level: 'warning', text: otherModelNote(model, this.trainedModel) });
      const hooks = model === this.trainedModel ? this.inspector : undefined;
      callback = createLiveCallback(
        { tf, model, events: recorder, control, hooks },
        { epoch: this.epochsDone, step: this.steps },
      );
      this.callbacks.set(model, callback);
    }
    callback.step = Math.max(callback.step, this.steps);
    // fit counts epochs from initialEpoch (0 unless the script passes it); the run's count goes on.
    callback.epochOffset = this.epochsDone - (args.initialEpoch ?? 0);
    if (continuing) this.recordFitCall(recorder, args, execution, model === this.trainedModel);
    if (execution.execution === 'eager') return { callback };
    const hooks = model === this.trainedModel ? this.inspector : undefined;
    const fit = { tf: this.context.tf, model, execution, config: fitCall.config, hooks, live: callback };
    return { callback, train: (callbacks) => trainFitThroughGraph(fit, fitCall, callbacks) };
  }

  /** The run's model trains as its fit call allows (compiled or eager); another model the script trains, eagerly. */
  private executionFor(model: LayersModel, call: FitCall): Promise<Execution> {
    if (this.trainedModel && model !== this.trainedModel)
      return Promise.resolve({ execution: 'eager', reason: "a model other than the run's" });
    return chooseFitExecution(this.context.tf, model, call, this.context.compile, this.stepCache.build);
  }

  async afterFit(model: LayersModel): Promise<void> {
    const callback = this.callbacks.get(model);
    this.steps = Math.max(this.steps, callback?.step ?? 0);
    this.epochsDone = Math.max(this.epochsDone, callback?.lastEpoch ?? 0);
    this.writeRunInfoNowAndThen();
    if (model !== this.trainedModel || !this.recorder || this.recorder.diverged) return;
    // After the script's callbacks: what its onTrainEnd set (restored best weights) is the state to keep.
    await this.checkpoints?.atFitEnd({ epoch: this.epochsDone, step: this.steps });
    if (this.context.control.requested) this.checkpoints?.writeHeld();
  }

  /** run.json's per-call changes (planned epochs, execution counts), written at most once per checkpoint interval. */
  private writeRunInfoNowAndThen(): void {
    if (Date.now() - this.runInfoWrittenAt < SCRIPT_CHECKPOINT_INTERVAL_MS) return;
    this.context.writer.writeIfBehind();
    this.runInfoWrittenAt = Date.now();
  }

  /** How the script's run ended, once the script is done. */
  finish(): 'completed' | 'stopped' {
    this.inspector?.dispose();
    this.stepCache.dispose();
    this.checkpoints?.dispose();
    if (!this.recorder) throw noFitFailure(this.context.modelFile, this.context.unfollowedLoop?.());
    const diverged = divergenceFailure(this.recorder);
    if (diverged) throw diverged;
    return this.context.control.requested ? 'stopped' : 'completed';
  }

  /** Tensorscope's --epochs/--batch-size replace the script's, for every fit call. */
  private applyOverrides(kind: FitKind, args: FitOptions): void {
    const { epochs, batchSize } = this.context.overrides;
    if (epochs !== undefined) args.epochs = (args.initialEpoch ?? 0) + epochs;
    if (batchSize === undefined) return;
    if (kind === 'fit') args.batchSize = batchSize;
    else if (!this.batchSizeWarned) {
      this.batchSizeWarned = true;
      this.context.send({
        type: 'log',
        level: 'warning',
        text: `The batch size ${batchSize} given to Tensorscope does not apply to fitDataset(): the script's tf.data pipeline makes its own batches (.batch(n)).`,
      });
    }
  }

  /** A second (or later) fit call: a marker on the curve, and the run's planned epochs grow. */
  private recordFitCall(recorder: RunRecorder, args: FitOptions, execution: Execution, runsModel: boolean): void {
    // A call of the run's model that trains another way than the call before it is worth a warning
    // (another model's fits have a note of their own: otherModelNote).
    if (runsModel && this.executions.count(execution.execution, execution.reason))
      this.context.send({
        type: 'log',
        level: 'warning',
        text: `This fit call trains ${execution.execution === 'graph' ? 'through the compiled graph' : 'eagerly'}: ${execution.reason}.`,
      });
    const epochs = Math.max(0, (args.epochs ?? 1) - (args.initialEpoch ?? 0));
    recorder.onControl({ action: 'fit', step: this.steps, epoch: this.epochsDone, time: Date.now(), value: epochs });
    const { config } = this.context.writer.info;
    const planned = config && { config: { ...config, epochs: Math.max(1, this.epochsDone + epochs) } };
    const executions = runsModel && this.executions.current;
    this.context.writer.updateLater({ ...planned, ...(executions && { execution: executions }) });
  }

  private async start(
    model: LayersModel,
    kind: FitKind,
    args: FitOptions,
    inputs: unknown,
    execution: Execution,
  ): Promise<RunRecorder> {
    const { tf, writer, send, control, sources } = this.context;
    const backend = backendInUse(tf, this.context.backend);
    const batchSize = kind === 'fit' ? (args.batchSize ?? 32) : ((await datasetBatchSize(tf, inputs)) ?? 1);
    if (this.recorder) return this.recorder; // another fit started while the first batch was read
    this.trainedModel = model;
    const config = scriptConfig(model, args, batchSize);
    const summary = summarizeModel(model, sources);
    const examples = kind === 'fit' ? fitExampleCount(tf, inputs) : null;
    const samples = examples === null ? null : Math.floor(examples * (1 - config.validationSplit));
    const datasetBatches = kind === 'fitDataset' ? datasetSize(inputs) : null;
    const stepsPerEpoch =
      samples !== null ? Math.ceil(samples / config.batchSize) : (args.batchesPerEpoch ?? datasetBatches);
    this.executions.count(execution.execution, execution.reason);
    const details = { mode: 'script' as const, config, backend, summary, stepsPerEpoch, samplesPerEpoch: samples };
    announceTraining(writer, send, { ...details, execution: this.executions.current ?? executionInfo(execution) });
    send({ type: 'phase', phase: 'training' });
    this.checkpoints = new ThrottledCheckpoints(tf, model, writer);
    this.recorder = new RunRecorder(tf, writer, send, model, control, this.checkpoints);
    const every = this.context.sampleEveryBatches ?? DEFAULT_SAMPLE_EVERY_BATCHES;
    const probe =
      every > 0 && kind === 'fit' && isTensorInputs(tf, inputs) ? probeInputs(tf, model, inputs) : undefined;
    if (probe) this.inspector = new LayerInspector(tf, model, probe, 'training[0]', every, this.recorder);
    return this.recorder;
  }
}

/** Batches per epoch of a batched dataset of known size (`size` counts elements, here batches). */
function datasetSize(dataset: unknown): number | null {
  const size = (dataset as { size?: number } | null)?.size;
  return typeof size === 'number' && Number.isFinite(size) && size >= 0 ? size : null;
}

function scriptConfig(model: LayersModel, args: FitOptions, batchSize: number): TrainingConfig {
  return {
    epochs: Math.max(1, (args.epochs ?? 1) - (args.initialEpoch ?? 0)),
    batchSize,
    optimizer: optimizerName(model),
    learningRate: readOptimizerLearningRate(model.optimizer),
    loss: lossName(model),
    metrics: model.metricsNames.filter((name) => name !== 'loss'),
    validationSplit: args.validationSplit ?? 0,
    shuffle: args.shuffle === false ? 'no' : 'yes',
  };
}

/**
 * Resolves when the script has nothing left to do (Node's 'beforeExit'), rejects with the
 * script's first unhandled error. The IPC channel to the host must not count as work.
 */
export function scriptDone(): Promise<void> {
  return new Promise((resolve, reject) => {
    const channel = (process as { channel?: { ref(): void; unref(): void } }).channel;
    const cleanUp = () => {
      process.off('beforeExit', onDone);
      process.off('unhandledRejection', onError);
      channel?.ref();
    };
    const onDone = () => {
      cleanUp();
      resolve();
    };
    const onError = (error: unknown) => {
      cleanUp();
      reject(error);
    };
    channel?.unref();
    process.once('beforeExit', onDone);
    process.once('unhandledRejection', onError);
  });
}

/**
 * An error the script left unhandled, as the run's failure: the script's own. Errors of fs
 * promises and timers carry no stack frame of the script, so the message names the script
 * instead of leaving an unlocated "internal" error.
 */
export function unhandledScriptError(error: unknown, modelFile: string): unknown {
  if (!(error instanceof Error) || error instanceof TrainerFailure) return error;
  if (locateInUserCode(error.stack, modelFile, path.dirname(modelFile))) return error;
  return new TrainerFailure(
    'model',
    `${path.basename(modelFile)} stopped on an error it did not handle: ${error.message}`,
    undefined,
    'Node gives errors of fs promises and timers no stack frame in the script; it came after the last output above.',
  );
}
