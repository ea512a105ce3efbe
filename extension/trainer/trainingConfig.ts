/** Resolves the training configuration: command-line/settings overrides › model file `config` › defaults. */
import type { LayersModel, Optimizer } from '@tensorflow/tfjs';
import type { TrainingConfig } from '../protocol/model';
import type { TrainOptions } from '../protocol/trainerMessages';
import { boundConfig, type LongTexts } from '../runs/boundedRecord';
import { TrainerFailure } from './failure';
import { readOptimizerLearningRate, setOptimizerLearningRate } from './optimizerLearningRate';
import type { UserConfig } from './modelModule';
import { findDeclaration } from '../source/sourceText';
import type { TensorFlow } from './tensorflow';

export const DEFAULT_EPOCHS = 10;
export const DEFAULT_BATCH_SIZE = 32;

function positiveInteger(value: unknown, name: string, modelFile: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  throw new TrainerFailure(
    'contract',
    `config.${name} must be a positive integer, got ${JSON.stringify(value)}.`,
    findDeclaration(modelFile, 'config'),
  );
}

/** The loss a freshly built model most likely wants, from its last layer's activation. */
function guessLoss(model: LayersModel): string {
  const last = model.layers[model.layers.length - 1];
  const activation = (last?.getConfig() as { activation?: string } | undefined)?.activation;
  if (activation === 'softmax') return 'categoricalCrossentropy';
  if (activation === 'sigmoid') return 'binaryCrossentropy';
  return 'meanSquaredError';
}

export function lossName(model: LayersModel): string {
  const loss = model.loss as unknown;
  if (typeof loss === 'string') return loss;
  if (Array.isArray(loss)) return loss.map((l) => (typeof l === 'string' ? l : 'custom')).join(', ');
  return 'custom';
}

export function optimizerName(model: LayersModel): string {
  return model.optimizer?.getClassName().toLowerCase() ?? 'unknown';
}

/**
 * The config as recorded: objects and functions the model file gave (an optimizer object, a custom
 * metric) become bounded descriptions; texts cut short are kept whole in `long`.
 */
export function resolveConfig(
  user: UserConfig,
  options: TrainOptions,
  model: LayersModel,
  modelFile: string,
  long?: LongTexts,
): TrainingConfig {
  const compiled = model.optimizer !== undefined;
  const validationSplit = user.validationSplit ?? 0;
  if (typeof validationSplit !== 'number' || validationSplit < 0 || validationSplit >= 1) {
    throw new TrainerFailure(
      'contract',
      `config.validationSplit must be a number in [0, 1), got ${JSON.stringify(validationSplit)}.`,
      findDeclaration(modelFile, 'config'),
    );
  }
  const loss = compiled ? lossName(model) : (user.loss ?? guessLoss(model));
  const lossText = typeof loss === 'string' ? loss : '';
  return boundConfig(
    {
      epochs: options.epochs ?? positiveInteger(user.epochs, 'epochs', modelFile) ?? DEFAULT_EPOCHS,
      batchSize: options.batchSize ?? positiveInteger(user.batchSize, 'batchSize', modelFile) ?? DEFAULT_BATCH_SIZE,
      optimizer: compiled ? optimizerName(model) : (user.optimizer ?? 'adam'),
      learningRate: typeof user.learningRate === 'number' ? user.learningRate : null,
      loss,
      metrics: user.metrics ?? (compiled || !/crossentropy/i.test(lossText) ? [] : ['accuracy']),
      validationSplit,
      shuffle: user.shuffle === false ? 'no' : 'yes',
    },
    long,
  );
}

type OptimizerFactory = (learningRate: number) => Optimizer;

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;

function makeOptimizer(tf: TensorFlow, config: TrainingConfig, user: UserConfig): string | Optimizer {
  if (isObject(user.optimizer)) {
    // The model file's own optimizer object (momentum, decay and all), not one rebuilt from its name.
    const optimizer = user.optimizer as Optimizer;
    if (config.learningRate !== null) setOptimizerLearningRate(optimizer, config.learningRate);
    return optimizer;
  }
  if (config.learningRate === null) return config.optimizer;
  const factory = (tf.train as unknown as Record<string, OptimizerFactory | undefined>)[config.optimizer];
  if (typeof factory !== 'function') {
    throw new TrainerFailure(
      'contract',
      `Unknown optimizer "${config.optimizer}". Use one of: ${Object.keys(tf.train).join(', ')}.`,
    );
  }
  return factory.call(tf.train, config.learningRate);
}

/**
 * Compiles a model the file left uncompiled, with the resolved optimizer, loss and metrics.
 * A `config.learningRate` also applies to a model the file compiled itself (it is the knob the
 * learning-rate finder's Apply sets). Returns the config with the learning rate the optimizer
 * really uses (a model compiled with `tf.train.adam(0.002)` trains at 0.002, whatever the config said).
 */
export function compileIfNeeded(
  tf: TensorFlow,
  model: LayersModel,
  config: TrainingConfig,
  modelFile: string,
  user: UserConfig = {},
): TrainingConfig {
  if (model.optimizer !== undefined) {
    if (config.learningRate !== null) setOptimizerLearningRate(model.optimizer, config.learningRate);
    return withOptimizerLearningRate(model, config);
  }
  try {
    // Functions (a custom loss or metric) are compiled as given; the config records their names.
    const loss = typeof user.loss === 'function' || Array.isArray(user.loss) ? user.loss : config.loss;
    const metrics = Array.isArray(user.metrics) || typeof user.metrics === 'function' ? user.metrics : config.metrics;
    model.compile({
      optimizer: makeOptimizer(tf, config, user),
      loss: loss as string,
      metrics: metrics as string[],
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new TrainerFailure(
      'contract',
      `Could not compile the model: ${message}`,
      findDeclaration(modelFile, 'config'),
      'Check config.optimizer, config.loss and config.metrics.',
    );
  }
  return withOptimizerLearningRate(model, config);
}

function withOptimizerLearningRate(model: LayersModel, config: TrainingConfig): TrainingConfig {
  return { ...config, learningRate: readOptimizerLearningRate(model.optimizer) ?? config.learningRate };
}
