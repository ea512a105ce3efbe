/** Loads the newest recorded run of a model file into the store, once per file per session, asynchronously. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readRunForView } from '../../runs/runOverview';
import { listRunDirs, readRunInfo } from '../../runs/runReader';
import { sameFile } from './layerLines';
import type { InspectionStore } from './inspectionStore';

/** The newest train run of `modelFile` among the runs of the given folders (run ids sort by time). */
export function newestRunDirOf(modelFile: string, folders: readonly string[]): string | undefined {
  const dirs = [...new Set(folders)].flatMap(listRunDirs);
  dirs.sort((a, b) => path.basename(b).localeCompare(path.basename(a)));
  return dirs.find((dir) => {
    const info = readRunInfo(dir);
    return info !== undefined && info.command === 'train' && sameFile(info.modelFile, modelFile);
  });
}

export class RecordedRuns {
  private readonly checked = new Set<string>();

  constructor(private readonly store: InspectionStore) {}

  ensureLoaded(modelFile: string): void {
    const key = path.resolve(modelFile);
    if (this.checked.has(key)) return;
    this.checked.add(key);
    const uri = vscode.Uri.file(modelFile);
    const workspaceDir = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? path.dirname(modelFile);
    const dir = newestRunDirOf(modelFile, [workspaceDir, path.dirname(modelFile)]);
    // Read off the hover's path (streamed; a big run as its overview): hovers show it once it is in.
    if (dir !== undefined) void this.load(modelFile, dir);
  }

  private async load(modelFile: string, runDir: string): Promise<void> {
    const run = await readRunForView(runDir);
    if (run !== undefined) this.store.loadRecorded(modelFile, run);
  }
}
