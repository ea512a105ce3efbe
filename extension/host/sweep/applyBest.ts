/** Apply Best: writes the best trial's values into the model file's `config` (as the learning-rate finder's Apply does). */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TrialParams } from '../../protocol/sweep';
import { formatSourceValue, withBestValues } from './bestConfigEdit';

export async function applyBest(modelFile: string, params: TrialParams): Promise<void> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(modelFile));
  const text = document.getText();
  const values = Object.entries(params)
    .map(([name, value]) => `${name}: ${formatSourceValue(value)}`)
    .join(', ');
  const updated = withBestValues(text, params);
  if (updated === undefined) {
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t(
        '{0} exports no `config` object to write the best values in. Add `export const config = { {1} }`.',
        path.basename(modelFile),
        values,
      ),
      vscode.l10n.t('Copy Values'),
    );
    if (choice !== undefined) await vscode.env.clipboard.writeText(`{ ${values} }`);
    return;
  }
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(text.length)), updated);
  if (await vscode.workspace.applyEdit(edit)) {
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One });
    void vscode.window.setStatusBarMessage(
      vscode.l10n.t('Tensorscope: config set to the best trial’s {0}', values),
      5_000,
    );
  }
}
