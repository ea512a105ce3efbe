/**
 * A run's checkpoint folders as files: their names, whether one exists and where in training it
 * was taken. Plain file reads, so the host can ask without loading TensorFlow.js; writing and
 * restoring checkpoints is the trainer's (trainer/checkpoint.ts).
 *
 * Checkpoints are replaced crash-safely: the new checkpoint is written whole into
 * `<name>.tmp-<pid>`, the old one is renamed aside to `<name>.old-<pid>`, the new one renamed into
 * place, and only then the old one removed. A crash at any point leaves a whole checkpoint: the
 * old one in place, or set aside (readers and resume use it), never none.
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

const CHECKPOINT_NAMES = [LAST_CHECKPOINT, BEST_CHECKPOINT];
const CHECKPOINT_FILE = 'model.json';

export const tempCheckpointDir = (finalDir: string): string => `${finalDir}.tmp-${process.pid}`;
const asideDir = (finalDir: string): string => `${finalDir}.old-${process.pid}`;

const isWhole = (dir: string): boolean => fs.existsSync(path.join(dir, CHECKPOINT_FILE));

/** Moves a complete checkpoint folder into place, the old one staying whole until the new one is in. */
export function swapCheckpointIn(tempDir: string, finalDir: string): void {
  const aside = asideDir(finalDir);
  fs.rmSync(aside, { recursive: true, force: true });
  const hadOld = fs.existsSync(finalDir);
  if (hadOld) fs.renameSync(finalDir, aside);
  fs.renameSync(tempDir, finalDir);
  if (hadOld) fs.rmSync(aside, { recursive: true, force: true });
}

/** Folders named `<name>.<mark><pid>` beside the checkpoint. */
function leftovers(runDir: string, name: string, mark: 'tmp' | 'old'): string[] {
  let entries: string[];
  try {
    entries = fs.readdirSync(runDir);
  } catch {
    return [];
  }
  return entries.filter((entry) => entry.startsWith(`${name}.${mark}-`)).map((entry) => path.join(runDir, entry));
}

/** The folder holding a run's checkpoint `name`: in place, or set aside by a swap a crash interrupted. */
export function checkpointDir(runDir: string, name = LAST_CHECKPOINT): string | undefined {
  const finalDir = path.join(runDir, name);
  if (isWhole(finalDir)) return finalDir;
  return leftovers(runDir, name, 'old').find(isWhole);
}

export function hasCheckpoint(runDir: string, name = LAST_CHECKPOINT): boolean {
  return checkpointDir(runDir, name) !== undefined;
}

/**
 * Repairs what interrupted checkpoint swaps left, before a writer continues the run: a checkpoint
 * set aside goes back in place when none is there, and half-written `*.tmp-*` folders are removed.
 * Returns what it did, in words. Only call it holding the run's lock (no other writer is mid-swap).
 */
export function recoverCheckpoints(runDir: string): string[] {
  const notes: string[] = [];
  for (const name of CHECKPOINT_NAMES) {
    const finalDir = path.join(runDir, name);
    for (const temp of leftovers(runDir, name, 'tmp')) {
      fs.rmSync(temp, { recursive: true, force: true });
      notes.push(`removed ${path.basename(temp)}, a checkpoint left half-written`);
    }
    for (const aside of leftovers(runDir, name, 'old')) {
      if (!isWhole(finalDir) && isWhole(aside)) {
        fs.rmSync(finalDir, { recursive: true, force: true });
        fs.renameSync(aside, finalDir);
        notes.push(`restored ${name} from ${path.basename(aside)}, where an interrupted save had set it aside`);
      } else {
        fs.rmSync(aside, { recursive: true, force: true });
      }
    }
  }
  return notes;
}
