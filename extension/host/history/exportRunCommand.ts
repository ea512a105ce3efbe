/** Run History → Export: a run as TensorBoard event files or CSV, beside the run. */
import * as vscode from 'vscode';
import { exportRun, type ExportFormat } from '../../runs/export/exportRun';

const FORMATS: { label: string; detail: string; format: ExportFormat }[] = [
  {
    label: 'TensorBoard',
    detail: 'Event files with scalars and histograms, for `tensorboard --logdir`',
    format: 'tensorboard',
  },
  { label: 'CSV', detail: 'epochs.csv (one row per epoch) and batches.csv', format: 'csv' },
];

export async function exportRunFolder(runDir: string): Promise<void> {
  const picked = await vscode.window.showQuickPick(FORMATS, { title: 'Tensorscope: Export Run' });
  if (!picked) return;
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Tensorscope: exporting ${picked.label}…` },
      () => exportRun({ runDir, format: picked.format }),
    );
    const first = result.files[0];
    const skipped = result.skipped ? ` ${result.skipped}.` : '';
    const choice = await vscode.window.showInformationMessage(
      `Tensorscope exported ${result.summary}.${skipped}`,
      'Reveal',
    );
    if (choice && first) await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(first));
  } catch (error) {
    void vscode.window.showErrorMessage(
      `Tensorscope could not export the run: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
