/**
 * Finds the recorded run that tells about the layers of a source file after a restart: the newest
 * train run whose layers were built in it, whether it is the run's entry file or a file the entry
 * imports (`model.js` of a script `train.js`). Only run.json files are read (their layers carry
 * each layer's source file and line); the run itself is read streamed, as every view reads it.
 * No `vscode`.
 */
import * as path from 'node:path';
import { readRunForView } from '../../runs/runOverview';
import { listRunDirs, readRunInfo } from '../../runs/runReader';
import type { RunInfo } from '../../runs/runFiles';
import type { InspectionStore } from './inspectionStore';
import { sameFile } from './layerLines';

function builtIn(info: RunInfo, sourceFile: string): boolean {
  if (sameFile(info.modelFile, sourceFile)) return true;
  return (
    info.summary?.layers.some((layer) => layer.source !== undefined && sameFile(layer.source.file, sourceFile)) ?? false
  );
}

/** A run id's start, to the second: `20261130-134231` of `20261130-134231-train-2970`. */
const startSecond = (dir: string): string => path.basename(dir).slice(0, 15);

/**
 * The newest train run among the folders' runs whose layers were built in `sourceFile`. Ids sort by
 * start second; runs that started in the same second are told apart by run.json's start time, so
 * only they are read past the first match.
 */
export function newestRunBuiltIn(sourceFile: string, folders: readonly string[]): string | undefined {
  const dirs = [...new Set(folders)].flatMap(listRunDirs);
  dirs.sort((a, b) => path.basename(b).localeCompare(path.basename(a)));
  let newest: { dir: string; started: number } | undefined;
  for (const dir of dirs) {
    if (newest !== undefined && startSecond(dir) !== startSecond(newest.dir)) break;
    const info = readRunInfo(dir);
    if (info === undefined || info.command !== 'train' || !builtIn(info, sourceFile)) continue;
    const started = Date.parse(info.startedAt);
    if (newest === undefined || started > newest.started) newest = { dir, started };
  }
  return newest?.dir;
}

/**
 * Loads the newest run whose layers were built in `sourceFile` into the store, under the run's
 * own model file (the store finds it for any file its layers were built in). False when none.
 */
export async function loadNewestRunBuiltIn(
  store: InspectionStore,
  sourceFile: string,
  folders: readonly string[],
): Promise<boolean> {
  const dir = newestRunBuiltIn(sourceFile, folders);
  const run = dir === undefined ? undefined : await readRunForView(dir);
  if (run === undefined) return false;
  store.loadRecorded(run.info.modelFile, run);
  return true;
}
