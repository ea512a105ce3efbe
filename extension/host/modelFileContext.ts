import * as vscode from 'vscode';
import { exportsCreateModel } from './modelFileText';

const MODEL_LANGUAGES = new Set(['typescript', 'javascript', 'typescriptreact', 'javascriptreact']);

export function isModelDocument(document: vscode.TextDocument): boolean {
  return MODEL_LANGUAGES.has(document.languageId) && exportsCreateModel(document.getText());
}

/** Keeps the `tensorscope.isModelFile` context key in step with the active editor. */
export function trackModelFileContext(): vscode.Disposable {
  const update = () => {
    const document = vscode.window.activeTextEditor?.document;
    void vscode.commands.executeCommand(
      'setContext',
      'tensorscope.isModelFile',
      document ? isModelDocument(document) : false,
    );
  };
  update();
  return vscode.Disposable.from(
    vscode.window.onDidChangeActiveTextEditor(update),
    vscode.workspace.onDidSaveTextDocument((document) => {
      if (document === vscode.window.activeTextEditor?.document) update();
    }),
  );
}
