/** Scores the newest checkpoint of a model file on its test split (else validation). */
import * as path from 'node:path';
import type { LayersModel, Scalar, Tensor } from '@tensorflow/tfjs';
import { readRunInfo, listRunDirs } from '../runs/runReader';
import { LAST_CHECKPOINT, hasCheckpoint, loadCheckpoint } from './checkpoint';
import { TrainerFailure } from './failure';
import type { ModelModule, Split } from './modelModule';
import type { TensorFlow } from './tensorflow';
import { isDataset } from './trainingLoop';

export interface Evaluation {
  split: string;
  checkpoint: string;
  logs: Record<string, number>;
}

export function latestCheckpointRun(modelFile: string, workspaceDir: string): string | undefined {
  return listRunDirs(workspaceDir).find((runDir) => {
    const info = readRunInfo(runDir);
    return info?.command === 'train' && info.modelFile === modelFile && hasCheckpoint(runDir);
  });
}

async function scalars(result: Scalar | Scalar[]): Promise<number[]> {
  const list = Array.isArray(result) ? result : [result];
  return Promise.all(list.map(async (scalar) => (await scalar.data())[0] ?? Number.NaN));
}

function compileLike(model: LayersModel, runDir: string): void {
  if (model.optimizer !== undefined) return;
  const config = readRunInfo(runDir)?.config;
  model.compile({ optimizer: 'adam', loss: config?.loss ?? 'meanSquaredError', metrics: config?.metrics ?? [] });
}

export async function evaluateLatestCheckpoint(
  tf: TensorFlow,
  module: ModelModule,
  modelFile: string,
  workspaceDir: string,
): Promise<Evaluation> {
  const runDir = latestCheckpointRun(modelFile, workspaceDir);
  if (!runDir) {
    throw new TrainerFailure(
      'contract',
      `No checkpoint yet for ${path.basename(modelFile)}: train it first.`,
      undefined,
      'Run "Tensorscope: Train" (or `tensorscope train <file>`), then evaluate.',
    );
  }
  const model = await loadCheckpoint(tf, path.join(runDir, LAST_CHECKPOINT));
  compileLike(model, runDir);
  const data = await module.loadData();
  const [split, name] = data.test
    ? [data.test, 'test']
    : data.validation
      ? [data.validation, 'validation']
      : [data.train, 'train'];
  const batchSize = readRunInfo(runDir)?.config?.batchSize ?? 32;
  const result = isDataset(tf, split)
    ? await model.evaluateDataset(split.batch(batchSize) as Parameters<LayersModel['evaluateDataset']>[0], {})
    : (model.evaluate((split as Split).xs as Tensor, (split as Split).ys as Tensor, { batchSize }) as
        Scalar | Scalar[]);
  const values = await scalars(result);
  const logs = Object.fromEntries(model.metricsNames.map((metric, i) => [metric, values[i] ?? Number.NaN]));
  return { split: name, checkpoint: path.relative(workspaceDir, path.join(runDir, LAST_CHECKPOINT)), logs };
}
