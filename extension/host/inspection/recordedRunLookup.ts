/**
 * Finds the recorded run that tells about the layers of a source file after a restart: the newest
 * train run whose layers were built in it, whether it is the run's entry file or a file the entry
 * imports (`model.js` of a script `train.js`). Only run.json files are read (their layers carry
 * each layer's source file and line); the run itself is read streamed, as every view reads it.
 * No `vscode`.
 */
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

/**
 * The newest train run among the folders' runs whose layers were built in `sourceFile`: by start
 * time, since run ids only tell the second (two runs can start in one).
 */
export function newestRunBuiltIn(sourceFile: string, folders: readonly string[]): string | undefined {
  let newest: { dir: string; started: number } | undefined;
  for (const dir of [...new Set(folders)].flatMap(listRunDirs)) {
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
