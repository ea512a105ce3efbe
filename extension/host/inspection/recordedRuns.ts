/** Loads the newest recorded run that built layers in a file into the store, once per file per session, asynchronously. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { InspectionStore } from './inspectionStore';
import { loadNewestRunBuiltIn } from './recordedRunLookup';

export class RecordedRuns {
  private readonly checked = new Set<string>();

  constructor(private readonly store: InspectionStore) {}

  /** `file`: a model file, a training script, or a helper file one of them builds layers in. */
  ensureLoaded(file: string): void {
    const key = path.resolve(file);
    if (this.checked.has(key)) return;
    this.checked.add(key);
    const uri = vscode.Uri.file(file);
    const workspaceDir = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? path.dirname(file);
    // Read off the hover's path (streamed; a big run as its overview): hovers show it once it is in.
    void loadNewestRunBuiltIn(this.store, key, [workspaceDir, path.dirname(file)]);
  }
}
