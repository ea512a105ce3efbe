/**
 * A run's checkpoint folders as files: their names, whether one exists and where in training it
 * was taken. Plain file reads, so the host can ask without loading TensorFlow.js; writing and
 * restoring checkpoints is the trainer's (trainer/checkpoint.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const LAST_CHECKPOINT = 'checkpoint-last';
export const BEST_CHECKPOINT = 'checkpoint-best';

/** Where in training a checkpoint was taken (stored in model.json beside what tfjs reads). */
export interface CheckpointPosition {
  epoch: number;
  step: number;
}

export function checkpointPosition(checkpointDir: string): CheckpointPosition | undefined {
  try {
    const modelJson = JSON.parse(fs.readFileSync(path.join(checkpointDir, 'model.json'), 'utf8')) as {
      tensorscope?: CheckpointPosition;
    };
    return modelJson.tensorscope;
  } catch {
    return undefined;
  }
}

export function hasCheckpoint(runDir: string, name = LAST_CHECKPOINT): boolean {
  return fs.existsSync(path.join(runDir, name, 'model.json'));
}
