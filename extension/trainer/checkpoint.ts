/**
 * Saves and loads a model in the standard TensorFlow.js layout (`model.json` + `weights.bin`,
 * loadable with `tf.loadLayersModel`) through plain file I/O, so it works on every backend.
 * A checkpoint folder is written beside its final place and renamed into it, never torn.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { io, LayersModel, Tensor } from '@tensorflow/tfjs';
import { LAST_CHECKPOINT, type CheckpointPosition } from '../runs/checkpointFiles';
import type { TensorFlow } from './tensorflow';

function toBuffer(weightData: io.WeightData | undefined): Buffer {
  if (weightData === undefined) return Buffer.alloc(0);
  const parts = Array.isArray(weightData) ? weightData : [weightData];
  return Buffer.concat(parts.map((part) => Buffer.from(part)));
}

/** Saves the model with its optimizer state (Adam's moments etc.), so a resume continues smoothly. */
export async function saveCheckpoint(
  model: LayersModel,
  runDir: string,
  name = LAST_CHECKPOINT,
  position?: CheckpointPosition,
): Promise<string> {
  const finalDir = path.join(runDir, name);
  const tempDir = `${finalDir}.tmp-${process.pid}`;
  await model.save(
    {
      async save(artifacts) {
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
        fs.writeFileSync(path.join(tempDir, 'model.json'), JSON.stringify(modelJson));
        fs.writeFileSync(path.join(tempDir, 'weights.bin'), toBuffer(artifacts.weightData));
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      },
    },
    { includeOptimizer: model.optimizer !== undefined },
  );
  fs.rmSync(finalDir, { recursive: true, force: true });
  fs.renameSync(tempDir, finalDir);
  return finalDir;
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

/**
 * Puts a checkpoint's weights, and its optimizer state when saved, into a model built by the
 * model file's createModel() (so custom layers and optimizers need no deserialisation).
 */
export async function restoreCheckpoint(tf: TensorFlow, model: LayersModel, checkpointDir: string): Promise<void> {
  const { weightSpecs, weightData } = readCheckpoint(checkpointDir);
  const tensors = tf.io.decodeWeights(weightData, weightSpecs);
  const modelWeights = weightSpecs
    .filter((spec) => spec.group !== 'optimizer')
    .map((spec) => tensors[spec.name] as Tensor);
  if (modelWeights.length !== model.weights.length) {
    tf.dispose(Object.values(tensors));
    throw new Error(
      `the checkpoint has ${modelWeights.length} weights but the model file now builds ${model.weights.length}: the architecture changed since the run`,
    );
  }
  model.setWeights(modelWeights);
  const optimizerWeights = weightSpecs
    .filter((spec) => spec.group === 'optimizer')
    .map((spec) => ({ name: spec.name, tensor: tensors[spec.name] as Tensor }));
  if (model.optimizer && optimizerWeights.length > 0) await model.optimizer.setWeights(optimizerWeights);
  tf.dispose(Object.values(tensors));
}
