/**
 * Saves and loads a model in the standard TensorFlow.js layout (`model.json` + `weights.bin`,
 * loadable with `tf.loadLayersModel`) through plain file I/O, so it works on every backend.
 * A checkpoint folder is written whole beside its final place and swapped in crash-safely
 * (`runs/checkpointFolders.ts`); a full disk removes the partial folder and names the file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { io, LayersModel, Optimizer, Tensor } from '@tensorflow/tfjs';
import type { SourceLocation } from '../protocol/model';
import { LAST_CHECKPOINT, swapCheckpointIn, tempCheckpointDir, type CheckpointPosition } from '../runs/checkpointFiles';
import { writeDurable } from '../runs/atomicWrite';
import { diskFullError, isDiskFull } from '../runs/diskFull';
import { TrainerFailure } from './failure';
import type { TensorFlow } from './tensorflow';

function toBuffer(weightData: io.WeightData | undefined): Buffer {
  if (weightData === undefined) return Buffer.alloc(0);
  const parts = Array.isArray(weightData) ? weightData : [weightData];
  return Buffer.concat(parts.map((part) => Buffer.from(part)));
}

function writeCheckpointFolder(tempDir: string, artifacts: io.ModelArtifacts, position?: CheckpointPosition): void {
  let file = tempDir;
  try {
    fs.rmSync(tempDir, { recursive: true, force: true });
    fs.mkdirSync(tempDir, { recursive: true });
    const modelJson = {
      format: artifacts.format ?? 'layers-model',
      generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy ?? null,
      modelTopology: artifacts.modelTopology,
      trainingConfig: artifacts.trainingConfig,
      weightsManifest: [{ paths: ['./weights.bin'], weights: artifacts.weightSpecs ?? [] }],
      ...(position && { tensorscope: position }),
    };
    file = path.join(tempDir, 'weights.bin');
    writeDurable(file, toBuffer(artifacts.weightData));
    // model.json last: a folder with it is a whole checkpoint.
    file = path.join(tempDir, 'model.json');
    writeDurable(file, JSON.stringify(modelJson));
  } catch (error) {
    // A partial checkpoint would go on filling the disk and look like one to a later reader.
    fs.rmSync(tempDir, { recursive: true, force: true });
    throw isDiskFull(error) ? diskFullError(error, file) : error;
  }
}

/** A model's checkpoint read out into memory (weights and optimizer state), to be written now or later. */
export interface CapturedCheckpoint {
  artifacts: io.ModelArtifacts;
}

/** Reads the model with its optimizer state (Adam's moments etc.) into memory, so a resume continues smoothly. */
export async function captureCheckpoint(tf: TensorFlow, model: LayersModel): Promise<CapturedCheckpoint> {
  let captured: io.ModelArtifacts | undefined;
  const includeOptimizer = model.optimizer !== undefined;
  const save = () =>
    model.save(
      {
        async save(artifacts) {
          captured = artifacts;
          return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
        },
      },
      { includeOptimizer },
    );
  await (includeOptimizer ? disposingSaveTensors(tf, model.optimizer, save) : save());
  if (!captured) throw new Error('tfjs saved the model without handing over its artifacts');
  return { artifacts: captured };
}

/** Writes a captured checkpoint as checkpoint `name` of the run, crash-safely; synchronous, so it can run at exit. */
export function writeCapturedCheckpoint(
  captured: CapturedCheckpoint,
  runDir: string,
  name = LAST_CHECKPOINT,
  position?: CheckpointPosition,
): string {
  const finalDir = path.join(runDir, name);
  const tempDir = tempCheckpointDir(finalDir);
  writeCheckpointFolder(tempDir, captured.artifacts, position);
  swapCheckpointIn(tempDir, finalDir);
  return finalDir;
}

/** Saves the model with its optimizer state as checkpoint `name` of the run. */
export async function saveCheckpoint(
  tf: TensorFlow,
  model: LayersModel,
  runDir: string,
  name = LAST_CHECKPOINT,
  position?: CheckpointPosition,
): Promise<string> {
  return writeCapturedCheckpoint(await captureCheckpoint(tf, model), runDir, name, position);
}

/**
 * Runs `save` while the optimizer's getWeights() is watched, then disposes the tensors it made for
 * the save. tfjs's save with includeOptimizer asks getWeights() for the optimizer's state, whose
 * iteration count is a scalar made for the occasion that nothing disposes: one tensor leaked per
 * checkpoint. Only tensors made during the call (newer than a mark taken just before) and not
 * Variables go: the optimizer's own state (its Variables, or anything it kept) stays.
 */
async function disposingSaveTensors<T>(tf: TensorFlow, optimizer: Optimizer, save: () => Promise<T>): Promise<T> {
  const made: Tensor[] = [];
  const hadOwn = Object.prototype.hasOwnProperty.call(optimizer, 'getWeights');
  const getWeights = optimizer.getWeights;
  optimizer.getWeights = async function (this: Optimizer) {
    const mark = newestTensorId(tf);
    const weights = await getWeights.call(this);
    made.push(...weights.map((weight) => weight.tensor).filter((t) => t.id > mark && !(t instanceof tf.Variable)));
    return weights;
  };
  try {
    return await save();
  } finally {
    if (hadOwn) optimizer.getWeights = getWeights;
    else delete (optimizer as { getWeights?: unknown }).getWeights;
    tf.dispose(made);
  }
}

/** The id of a tensor made now: every tensor made after it has a greater one (tfjs counts them up). */
function newestTensorId(tf: TensorFlow): number {
  const probe = tf.scalar(0);
  probe.dispose();
  return probe.id;
}

interface CheckpointFiles {
  modelTopology: object;
  trainingConfig?: io.TrainingConfig;
  weightSpecs: io.WeightsManifestEntry[];
  weightData: ArrayBuffer;
}

function readCheckpoint(checkpointDir: string): CheckpointFiles {
  const modelJson = JSON.parse(fs.readFileSync(path.join(checkpointDir, 'model.json'), 'utf8')) as {
    modelTopology: object;
    trainingConfig?: io.TrainingConfig;
    weightsManifest: { weights: io.WeightsManifestEntry[] }[];
  };
  const weights = fs.readFileSync(path.join(checkpointDir, 'weights.bin'));
  return {
    modelTopology: modelJson.modelTopology,
    ...(modelJson.trainingConfig && { trainingConfig: modelJson.trainingConfig }),
    weightSpecs: modelJson.weightsManifest.flatMap((group) => group.weights),
    weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer,
  };
}

export async function loadCheckpoint(tf: TensorFlow, checkpointDir: string): Promise<LayersModel> {
  return tf.loadLayersModel(tf.io.fromMemory(readCheckpoint(checkpointDir)));
}

type SourceOf = (layer: object) => SourceLocation | undefined;

const shapeText = (shape: readonly (number | null)[] | undefined): string => `[${(shape ?? []).join(', ')}]`;

/**
 * The first weight whose shape the checkpoint does not match, said as one located message: which
 * layer, its old and new shapes, and the model file's line that builds it.
 */
function architectureChange(
  model: LayersModel,
  specs: io.WeightsManifestEntry[],
  sourceOf: SourceOf,
): TrainerFailure | undefined {
  const weights = model.weights;
  const layerOf = (index: number) =>
    model.layers.find((layer) => layer.weights.some((weight) => weight.name === weights[index]?.name));
  for (let i = 0; i < Math.max(weights.length, specs.length); i++) {
    const now = weights[i]?.shape;
    const then = specs[i]?.shape;
    if (now && then && shapeText(now) === shapeText(then)) continue;
    const layer = layerOf(i) ?? model.layers.at(-1);
    const what = weights[i]?.name ?? specs[i]?.name ?? 'a weight';
    const message =
      now === undefined
        ? `The model file no longer builds ${specs[i]?.name ?? 'a weight'} ${shapeText(then)}, which the run's checkpoint holds: the architecture changed since the run.`
        : then === undefined
          ? `Layer ${layer?.name ?? '?'} now has ${what} ${shapeText(now)}, which the run's checkpoint does not hold: the architecture changed since the run.`
          : `Layer ${layer?.name ?? '?'} changed since the run: ${what} was ${shapeText(then)} in the checkpoint and is ${shapeText(now)} now.`;
    return new TrainerFailure(
      'contract',
      message,
      layer ? sourceOf(layer) : undefined,
      'A run resumes with the architecture it was trained with: undo the change to resume, or train a new run.',
    );
  }
  return undefined;
}

/**
 * Puts a checkpoint's weights, and its optimizer state when saved, into a model built by the
 * model file's createModel() (so custom layers and optimizers need no deserialisation). A model
 * whose architecture changed since the run gets one located message, before anything is set.
 */
export async function restoreCheckpoint(
  tf: TensorFlow,
  model: LayersModel,
  checkpointDir: string,
  sourceOf: SourceOf = () => undefined,
): Promise<void> {
  const { weightSpecs, weightData } = readCheckpoint(checkpointDir);
  const modelSpecs = weightSpecs.filter((spec) => spec.group !== 'optimizer');
  const changed = architectureChange(model, modelSpecs, sourceOf);
  if (changed) throw changed;
  const tensors = tf.io.decodeWeights(weightData, weightSpecs);
  model.setWeights(modelSpecs.map((spec) => tensors[spec.name] as Tensor));
  const optimizerWeights = weightSpecs
    .filter((spec) => spec.group === 'optimizer')
    .map((spec) => ({ name: spec.name, tensor: tensors[spec.name] as Tensor }));
  if (model.optimizer && optimizerWeights.length > 0) await model.optimizer.setWeights(optimizerWeights);
  tf.dispose(Object.values(tensors));
}
