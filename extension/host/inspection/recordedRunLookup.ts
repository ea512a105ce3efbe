/**
 * Finds the recorded run that tells about the layers of a source file after a restart: the newest
 * train run whose layers were built in it, whether it is the run's entry file or a file the entry
 * imports (`model.js` of a script `train.js`). Only run.json files are read (their layers carry
 * each layer's source file and line); the run itself is read streamed, as every view reads it.
 * No `vscode`.
 */
import { readRunForView } from '../../runs/runOverview';
import { newestRun } from '../../runs/newestRun';
import { listRunDirs } from '../../runs/runReader';
import type { RunInfo } from '../../runs/runFiles';
import type { InspectionStore } from './inspectionStore';
import { sameFile } from './layerLines';

function builtIn(info: RunInfo, sourceFile: string): boolean {
  if (sameFile(info.modelFile, sourceFile)) return true;
  return (
    info.summary?.layers.some((layer) => layer.source !== undefined && sameFile(layer.source.file, sourceFile)) ?? false
  );
}

/** The newest train run among the folders' runs whose layers were built in `sourceFile`. */
export function newestRunBuiltIn(sourceFile: string, folders: readonly string[]): string | undefined {
  const dirs = [...new Set(folders)].flatMap(listRunDirs);
  return newestRun(dirs, (info) => info.command === 'train' && builtIn(info, sourceFile))?.dir;
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
