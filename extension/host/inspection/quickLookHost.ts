/** Starts quick looks with the user's settings and the extension's trainer (the vscode side of quickLookRunner). */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readSettings } from '../settings';
import { startQuickLook, type QuickLookCommand, type RunningQuickLook } from './quickLookRunner';

export function startQuickLookFor(
  command: QuickLookCommand,
  modelFile: string,
  extensionUri: vscode.Uri,
  log: vscode.LogOutputChannel,
): RunningQuickLook {
  const uri = vscode.Uri.file(modelFile);
  const settings = readSettings(uri);
  const cwd = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? path.dirname(modelFile);
  log.info(`${command} ${modelFile}`);
  return startQuickLook({
    command,
    modelFile,
    trainerScript: vscode.Uri.joinPath(extensionUri, 'dist', 'trainer.js').fsPath,
    cwd,
    options: {
      backend: settings.backend,
      workspaceDir: cwd,
      ...(settings.batchSize !== undefined && { batchSize: settings.batchSize }),
    },
    ...(settings.nodePath !== undefined && { execPath: settings.nodePath }),
    hungTimeoutMs: settings.hungTimeoutMs,
    onLog: (text) => log.info(text),
  });
}
