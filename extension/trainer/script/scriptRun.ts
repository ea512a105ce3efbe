/**
 * A script-mode run: an existing tfjs training script runs unchanged, and each of its
 * `fit`/`fitDataset` calls is followed with the same records, panel messages, checkpoints and
 * control as module mode. The script is done when Node has nothing left to do for it.
 */
import type { LayersModel, ModelFitArgs, Tensor } from '@tensorflow/tfjs';
import type { BackendInfo, TrainingConfig } from '../../protocol/model';
import type { RunWriter } from '../../runs/runWriter';
import { LAST_CHECKPOINT, saveCheckpoint } from '../checkpoint';
import { TrainerFailure } from '../failure';
import { DEFAULT_SAMPLE_EVERY_BATCHES, LayerInspector } from '../inspection/layerInspector';
import type { LayerSourceRecorder } from '../inspection/layerSources';
import { createLiveCallback, type LiveCallback } from '../liveCallback';
import type { Send } from '../loadModelFile';
import { summarizeModel } from '../modelSummary';
import { PROBE_EXAMPLES } from '../probeBatch';
import type { RunControl } from '../runControl';
import { RunRecorder, announceTraining, divergenceFailure } from '../runRecorder';
import type { TensorFlow } from '../tensorflow';
import { readOptimizerLearningRate } from '../optimizerLearningRate';
import { lossName, optimizerName } from '../trainingConfig';
import type { FitKind, FitObserver } from './fitInterceptor';

export interface ScriptRunContext {
  tf: TensorFlow;
  writer: RunWriter;
  send: Send;
  control: RunControl;
  sources: LayerSourceRecorder;
  backend: BackendInfo;
  modelFile: string;
  sampleEveryBatches: number | undefined;
}

type FitOptions = ModelFitArgs & { batchesPerEpoch?: number };

export const NO_FIT_MESSAGE =
  'The file neither exports createModel() and loadData() nor calls model.fit() or model.fitDataset().';

export class ScriptRun implements FitObserver {
  private recorder: RunRecorder | undefined;
  private inspector: LayerInspector | undefined;
  private trainedModel: LayersModel | undefined;
  private readonly callbacks = new Map<LayersModel, LiveCallback>();
  private steps = 0;

  constructor(private readonly context: ScriptRunContext) {}

  get fitsSeen(): boolean {
    return this.recorder !== undefined;
  }

  beforeFit(model: LayersModel, kind: FitKind, args: FitOptions, inputs: unknown): LiveCallback {
    const recorder = this.recorder ?? this.start(model, kind, args, inputs);
    let callback = this.callbacks.get(model);
    if (!callback) {
      const { tf, control } = this.context;
      const hooks = model === this.trainedModel ? this.inspector : undefined;
      callback = createLiveCallback({ tf, model, events: recorder, control, hooks }, { epoch: 0, step: this.steps });
      this.callbacks.set(model, callback);
    }
    return callback;
  }

  async afterFit(model: LayersModel): Promise<void> {
    this.steps = Math.max(this.steps, this.callbacks.get(model)?.step ?? 0);
    if (model === this.trainedModel && this.recorder && !this.recorder.diverged) {
      await saveCheckpoint(model, this.context.writer.runDir, LAST_CHECKPOINT, { epoch: 0, step: this.steps });
    }
  }

  /** How the script's run ended, once the script is done. */
  finish(): 'completed' | 'stopped' {
    this.inspector?.dispose();
    if (!this.recorder)
      throw new TrainerFailure(
        'contract',
        NO_FIT_MESSAGE,
        { file: this.context.modelFile, line: 1, column: 1 },
        'Export createModel() and loadData() (module mode), or run a script that trains with model.fit() (script mode).',
      );
    const diverged = divergenceFailure(this.recorder);
    if (diverged) throw diverged;
    return this.context.control.requested ? 'stopped' : 'completed';
  }

  private start(model: LayersModel, kind: FitKind, args: FitOptions, inputs: unknown): RunRecorder {
    const { tf, writer, send, control, sources, backend } = this.context;
    this.trainedModel = model;
    const config = scriptConfig(model, kind, args);
    const summary = summarizeModel(model, (layer) => sources.sourceOf(layer));
    const samples =
      kind === 'fit' && inputs instanceof tf.Tensor
        ? Math.floor((inputs.shape[0] ?? 0) * (1 - config.validationSplit))
        : null;
    const stepsPerEpoch = samples !== null ? Math.ceil(samples / config.batchSize) : (args.batchesPerEpoch ?? null);
    announceTraining(writer, send, { config, backend, summary, stepsPerEpoch, samplesPerEpoch: samples });
    send({ type: 'phase', phase: 'training' });
    this.recorder = new RunRecorder(writer, send, model, control);
    const every = this.context.sampleEveryBatches ?? DEFAULT_SAMPLE_EVERY_BATCHES;
    if (every > 0 && inputs instanceof tf.Tensor && (inputs.shape[0] ?? 0) > 0) {
      const probe = tf.tidy(() => (inputs as Tensor).slice(0, Math.min(PROBE_EXAMPLES, inputs.shape[0] ?? 0)));
      this.inspector = new LayerInspector(tf, model, probe, 'training[0]', every, this.recorder);
    }
    return this.recorder;
  }
}

function scriptConfig(model: LayersModel, kind: FitKind, args: FitOptions): TrainingConfig {
  return {
    epochs: args.epochs ?? 1,
    batchSize: kind === 'fit' ? (args.batchSize ?? 32) : 1,
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
