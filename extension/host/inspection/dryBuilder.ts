/**
 * Builds each model file once without data (the `inspect` quick look) when it is opened or
 * saved, so inlay hints and model errors show before any training. Building runs the file's
 * code, so never in an untrusted folder, never where `tensorscope.dryBuild.enabled` is off, and
 * never for a file that exports `createModel` without importing TensorFlow.js.
 */
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { isModelDocument } from '../modelFileContext';
import { importsTensorFlow } from '../modelFileText';
import type { RunDiagnostics } from '../diagnostics';
import { DryBuildQueue } from './dryBuildQueue';
import type { InspectionStore } from './inspectionStore';
import type { QuickLookOutcome } from './quickLookRunner';
import { startQuickLookFor } from './quickLookHost';

const DEBOUNCE_MS = 800;
export const DRY_BUILD_SETTING = 'dryBuild.enabled';

function mayDryBuild(document: vscode.TextDocument): boolean {
  return (
    vscode.workspace.isTrusted &&
    document.uri.scheme === 'file' &&
    !document.isDirty &&
    vscode.workspace.getConfiguration('tensorscope', document.uri).get(DRY_BUILD_SETTING, true) &&
    isModelDocument(document) &&
    importsTensorFlow(document.getText())
  );
}

export interface DryBuilderDeps {
  readonly extensionUri: vscode.Uri;
  readonly store: InspectionStore;
  /** Where build errors go; cleared when the file builds again. */
  readonly diagnostics: RunDiagnostics;
  readonly log: vscode.LogOutputChannel;
}

export function watchModelFiles(deps: DryBuilderDeps): vscode.Disposable {
  const queue = new DryBuildQueue<QuickLookOutcome>({
    debounceMs: DEBOUNCE_MS,
    build: (file) => startQuickLookFor('inspect', file, deps.extensionUri, deps.log).outcome,
    onResult: (file, outcome) => {
      if (outcome.ok && outcome.message.type === 'inspection') {
        deps.diagnostics.clear(file);
        deps.store.setDryBuild(file, outcome.message.summary);
      } else if (!outcome.ok) {
        deps.diagnostics.report(file, outcome.error);
      }
    },
  });
  const consider = (document: vscode.TextDocument) => {
    if (!mayDryBuild(document)) return;
    queue.request(document.fileName, createHash('sha1').update(document.getText()).digest('hex'));
  };
  const considerVisible = () => vscode.window.visibleTextEditors.forEach((editor) => consider(editor.document));
  considerVisible();
  return vscode.Disposable.from(
    { dispose: () => queue.dispose() },
    vscode.workspace.onDidOpenTextDocument(consider),
    vscode.workspace.onDidSaveTextDocument(consider),
    vscode.workspace.onDidGrantWorkspaceTrust(considerVisible),
  );
}
