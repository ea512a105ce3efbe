import * as vscode from 'vscode';
import { exportsCreateModel } from './modelFileText';

const MODEL_LANGUAGES = new Set(['typescript', 'javascript', 'typescriptreact', 'javascriptreact']);

export function isModelDocument(document: vscode.TextDocument): boolean {
  return MODEL_LANGUAGES.has(document.languageId) && exportsCreateModel(document.getText());
}

/**
 * Keeps two context keys in step: `tensorscope.isModelFile` (the active editor holds a model file:
 * the ▷ button, the editor context menu's Train) and `tensorscope.modelFiles` (the model files
 * seen open in this window: the Explorer context menu's Train). Reads only open documents.
 */
export function trackModelFileContext(): vscode.Disposable {
  const modelFiles = new Set<string>();
  const remember = (document: vscode.TextDocument): void => {
    if (document.uri.scheme !== 'file') return;
    const file = document.uri.fsPath;
    const changed = isModelDocument(document)
      ? !modelFiles.has(file) && Boolean(modelFiles.add(file))
      : modelFiles.delete(file);
    if (changed) void vscode.commands.executeCommand('setContext', 'tensorscope.modelFiles', [...modelFiles]);
  };
  const update = () => {
    const document = vscode.window.activeTextEditor?.document;
    void vscode.commands.executeCommand(
      'setContext',
      'tensorscope.isModelFile',
      document ? isModelDocument(document) : false,
    );
  };
  update();
  vscode.workspace.textDocuments.forEach(remember);
  return vscode.Disposable.from(
    vscode.window.onDidChangeActiveTextEditor(update),
    vscode.workspace.onDidOpenTextDocument(remember),
    vscode.workspace.onDidSaveTextDocument((document) => {
      remember(document);
      if (document === vscode.window.activeTextEditor?.document) update();
    }),
  );
}
