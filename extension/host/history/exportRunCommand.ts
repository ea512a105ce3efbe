/** Run History → Export: a run as TensorBoard event files or CSV, beside the run. */
import * as vscode from 'vscode';
import { exportRun, type ExportFormat } from '../../runs/export/exportRun';

const formats = (): { label: string; detail: string; format: ExportFormat }[] => [
  {
    label: 'TensorBoard',
    detail: vscode.l10n.t('Event files with scalars and histograms, for `tensorboard --logdir`'),
    format: 'tensorboard',
  },
  { label: 'CSV', detail: vscode.l10n.t('epochs.csv (one row per epoch) and batches.csv'), format: 'csv' },
];

export async function exportRunFolder(runDir: string): Promise<void> {
  const picked = await vscode.window.showQuickPick(formats(), { title: vscode.l10n.t('Tensorscope: Export Run') });
  if (!picked) return;
  try {
    const result = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Tensorscope: exporting {0}…', picked.label),
      },
      () => exportRun({ runDir, format: picked.format }),
    );
    const first = result.files[0];
    const skipped = result.skipped ? ` ${result.skipped}.` : '';
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t('Tensorscope exported {0}.{1}', result.summary, skipped),
      vscode.l10n.t('Reveal'),
    );
    if (choice && first) await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(first));
  } catch (error) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t(
        'Tensorscope could not export the run: {0}',
        error instanceof Error ? error.message : String(error),
      ),
    );
  }
}
