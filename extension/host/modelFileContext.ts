import * as vscode from 'vscode';

const MODEL_LANGUAGES = new Set(['typescript', 'javascript', 'typescriptreact', 'javascriptreact']);
/** A module-mode model file exports createModel (function, const or CommonJS). */
const EXPORTS_CREATE_MODEL =
  /export\s+(?:async\s+)?(?:function\s*\*?\s*|const\s+|let\s+)createModel\b|exports\.createModel\b|export\s*\{[^}]*\bcreateModel\b/;

export function isModelDocument(document: vscode.TextDocument): boolean {
  return MODEL_LANGUAGES.has(document.languageId) && EXPORTS_CREATE_MODEL.test(document.getText());
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
