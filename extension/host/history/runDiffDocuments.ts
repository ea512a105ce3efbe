/**
 * Read-only documents (language `diff`) holding the model-file diff a run recorded against
 * its git commit: `tensorscope-run-diff:/<run id>/<model file>.diff?<run folder>`.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunInfo } from '../../runs/runFiles';
import { readRunInfo } from '../../runs/runReader';

export const RUN_DIFF_SCHEME = 'tensorscope-run-diff';

export function registerRunDiffDocuments(): vscode.Disposable {
  return vscode.workspace.registerTextDocumentContentProvider(RUN_DIFF_SCHEME, {
    provideTextDocumentContent: (uri) => {
      const info = readRunInfo(uri.query);
      return info ? runDiffText(info) : `# ${vscode.l10n.t('No readable run.json in {0}', uri.query)}\n`;
    },
  });
}

export async function showRunDiff(runDir: string, info: RunInfo): Promise<void> {
  const uri = vscode.Uri.from({
    scheme: RUN_DIFF_SCHEME,
    path: `/${info.runId}/${path.basename(info.modelFile)}.diff`,
    query: runDir,
  });
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(document, 'diff');
  await vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.Active });
}

/** The recorded diff, or a line saying why there is none. */
export function runDiffText(info: RunInfo): string {
  const name = path.basename(info.modelFile);
  if (!info.git) {
    const why = vscode.l10n.t(
      'Run {0} recorded no git state ({1} was not in a git repository, or git was missing).',
      info.runId,
      name,
    );
    return `# ${why}\n`;
  }
  const at = `commit ${info.git.commit}${info.git.branch ? ` (${info.git.branch})` : ''}`;
  if (info.git.diff === '')
    return `# ${vscode.l10n.t('{0} was unchanged from {1} when run {2} started.', name, at, info.runId)}\n`;
  return `# ${vscode.l10n.t('{0} when run {1} started, against {2}', name, info.runId, at)}\n${info.git.diff}`;
}
