/** Writes a learning rate into the model file's exported `config` (or offers to copy it when there is none). */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatLearningRate, learningRateEdit } from './configEdit';

export async function applyLearningRate(modelFile: string, learningRate: number): Promise<void> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(modelFile));
  const edit = learningRateEdit(document.getText(), learningRate);
  const value = formatLearningRate(learningRate);
  if (edit.kind === 'noConfig') {
    const copyValue = vscode.l10n.t('Copy Value');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t(
        '{0} exports no `config` object to put learningRate {1} in. Add `export const config = { learningRate: {1} }`, or pass it to your optimizer.',
        path.basename(modelFile),
        value,
      ),
      copyValue,
    );
    if (choice === copyValue) await vscode.env.clipboard.writeText(value);
    return;
  }
  const workspaceEdit = new vscode.WorkspaceEdit();
  if (edit.kind === 'replace') {
    workspaceEdit.replace(
      document.uri,
      new vscode.Range(document.positionAt(edit.start), document.positionAt(edit.end)),
      edit.text,
    );
  } else {
    workspaceEdit.insert(document.uri, document.positionAt(edit.offset), edit.text);
  }
  if (await vscode.workspace.applyEdit(workspaceEdit)) {
    const offset = edit.kind === 'replace' ? edit.start : edit.offset;
    await vscode.window.showTextDocument(document, {
      selection: new vscode.Range(document.positionAt(offset), document.positionAt(offset)),
      viewColumn: vscode.ViewColumn.One,
    });
    void vscode.window.setStatusBarMessage(vscode.l10n.t('Tensorscope: learningRate set to {0}', value), 5_000);
  }
}
