/**
 * Saves and loads a model in the standard TensorFlow.js layout (`model.json` + `weights.bin`,
 * loadable with `tf.loadLayersModel`) through plain file I/O, so it works on every backend.
 * A checkpoint folder is written beside its final place and renamed into it, never torn.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { io, LayersModel } from '@tensorflow/tfjs';
import type { TensorFlow } from './tensorflow';

export const LAST_CHECKPOINT = 'checkpoint-last';

function toBuffer(weightData: io.WeightData | undefined): Buffer {
  if (weightData === undefined) return Buffer.alloc(0);
  const parts = Array.isArray(weightData) ? weightData : [weightData];
  return Buffer.concat(parts.map((part) => Buffer.from(part)));
}

export async function saveCheckpoint(model: LayersModel, runDir: string, name = LAST_CHECKPOINT): Promise<string> {
  const finalDir = path.join(runDir, name);
  const tempDir = `${finalDir}.tmp-${process.pid}`;
  await model.save({
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
      };
      fs.writeFileSync(path.join(tempDir, 'model.json'), JSON.stringify(modelJson));
      fs.writeFileSync(path.join(tempDir, 'weights.bin'), toBuffer(artifacts.weightData));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    },
  });
  fs.rmSync(finalDir, { recursive: true, force: true });
  fs.renameSync(tempDir, finalDir);
  return finalDir;
}

export function hasCheckpoint(runDir: string, name = LAST_CHECKPOINT): boolean {
  return fs.existsSync(path.join(runDir, name, 'model.json'));
}

export async function loadCheckpoint(tf: TensorFlow, checkpointDir: string): Promise<LayersModel> {
  const modelJson = JSON.parse(fs.readFileSync(path.join(checkpointDir, 'model.json'), 'utf8')) as {
    modelTopology: object;
    trainingConfig?: io.TrainingConfig;
    weightsManifest: { weights: io.WeightsManifestEntry[] }[];
  };
  const weights = fs.readFileSync(path.join(checkpointDir, 'weights.bin'));
  const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength);
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: modelJson.modelTopology,
      weightSpecs: modelJson.weightsManifest.flatMap((group) => group.weights),
      weightData,
      ...(modelJson.trainingConfig && { trainingConfig: modelJson.trainingConfig }),
    }),
  );
}
