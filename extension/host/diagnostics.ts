import * as vscode from 'vscode';
import type { TrainerError } from '../protocol/model';

const KIND_LABEL: Record<TrainerError['kind'], () => string> = {
  build: () => vscode.l10n.t('Build error'),
  contract: () => vscode.l10n.t('Model file contract'),
  model: () => vscode.l10n.t('Model error'),
  data: () => vscode.l10n.t('Data error'),
  training: () => vscode.l10n.t('Training failed'),
  process: () => vscode.l10n.t('Trainer process'),
  internal: () => vscode.l10n.t('Internal error'),
};

/** Run failures as diagnostics on the model file's offending line; cleared by the next run. */
export class RunDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('tensorscope');

  clear(modelFile: string): void {
    this.collection.delete(vscode.Uri.file(modelFile));
  }

  report(modelFile: string, error: TrainerError): void {
    const file = error.location?.file ?? modelFile;
    const line = Math.max(0, (error.location?.line ?? 1) - 1);
    const column = Math.max(0, (error.location?.column ?? 1) - 1);
    const range = new vscode.Range(line, column, line, Number.MAX_SAFE_INTEGER);
    const message = error.hint ? `${error.message}\n${error.hint}` : error.message;
    const diagnostic = new vscode.Diagnostic(range, message, vscode.DiagnosticSeverity.Error);
    diagnostic.source = 'Tensorscope';
    diagnostic.code = KIND_LABEL[error.kind]();
    this.collection.set(vscode.Uri.file(file), [diagnostic]);
  }

  dispose(): void {
    this.collection.dispose();
  }
}
