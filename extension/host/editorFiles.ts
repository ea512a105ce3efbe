/** Where runs start and errors lead: the model file to train, and a line to show. */
import * as vscode from 'vscode';

export async function openAt(file: string, line: number): Promise<void> {
  const position = new vscode.Position(Math.max(0, line - 1), 0);
  await vscode.window.showTextDocument(vscode.Uri.file(file), {
    selection: new vscode.Range(position, position),
    viewColumn: vscode.ViewColumn.One,
  });
}

/** The file to train: the one given, else the active editor's (saved first), else one the user picks. */
export async function resolveModelFile(target: vscode.Uri | undefined): Promise<string | undefined> {
  if (target?.scheme === 'file') return target.fsPath;
  const document = vscode.window.activeTextEditor?.document;
  if (document && !document.isUntitled && document.uri.scheme === 'file' && /\.[cm]?[jt]sx?$/.test(document.fileName)) {
    if (document.isDirty) await document.save();
    return document.fileName;
  }
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: vscode.l10n.t('Train'),
    title: vscode.l10n.t('Tensorscope: choose a model file'),
    filters: { [vscode.l10n.t('Model files')]: ['ts', 'js', 'mts', 'mjs', 'cts', 'cjs'] },
  });
  return picked?.[0]?.fsPath;
}
