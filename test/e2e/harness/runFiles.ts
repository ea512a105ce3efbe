/** Reads the run store (`.tensorscope/runs/<id>/`) the trainer writes next to the model file. */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface EpochRecord {
  epoch: number;
  loss: number;
}

/** Run folders, oldest first. */
export function runDirs(modelDir: string): string[] {
  const runs = path.join(modelDir, '.tensorscope', 'runs');
  if (!fs.existsSync(runs)) return [];
  return fs
    .readdirSync(runs)
    .sort()
    .map((id) => path.join(runs, id));
}

/** The newest run's folder, if any. */
export function newestRun(modelDir: string): string | undefined {
  return runDirs(modelDir).at(-1);
}

interface RunJson {
  status?: string;
  config?: { batchSize?: number } | null;
}

function readRunJson(runDir: string): RunJson | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(runDir, 'run.json'), 'utf8')) as RunJson;
  } catch {
    return undefined; // not written yet
  }
}

export function runStatus(runDir: string): string | undefined {
  return readRunJson(runDir)?.status;
}

/** The batch size the run trains with, once its config is recorded. */
export function runBatchSize(runDir: string): number | undefined {
  return readRunJson(runDir)?.config?.batchSize;
}

/** The epoch records of metrics.jsonl (a line being written is skipped). */
export function epochRecords(runDir: string): EpochRecord[] {
  const file = path.join(runDir, 'metrics.jsonl');
  if (!fs.existsSync(file)) return [];
  const records: EpochRecord[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    try {
      const record = JSON.parse(line) as { type?: string; epoch?: number; loss?: number };
      if (record.type === 'epoch' && typeof record.epoch === 'number' && typeof record.loss === 'number') {
        records.push({ epoch: record.epoch, loss: record.loss });
      }
    } catch {
      // an incomplete last line
    }
  }
  return records;
}
