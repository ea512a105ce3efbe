/**
 * Sweeps in the editor: Run Sweep (palette, CodeLens) runs the CLI's sweep as a child with a
 * cancellable progress notification and opens the HParams view live; Show Sweep opens a
 * recorded one; Stop Sweep stops every trial.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { listSweepDirs, readSweep } from '../../sweep/sweepStore';
import { resolveModelFile } from '../editorFiles';
import { readSettings } from '../settings';
import { HparamsPanel, type HparamsActions } from './hparamsPanel';
import { SweepProcess } from './sweepProcess';

export interface SweepDeps {
  readonly extensionUri: vscode.Uri;
  readonly log: vscode.LogOutputChannel;
  trainerEnv(): NodeJS.ProcessEnv;
}

const RUNNING_CONTEXT = 'tensorscope.sweeping';
const TRIAL_LINE = /^\[trial (\d+)\/(\d+)\] (\S+)/;

export function registerSweeps(deps: SweepDeps): vscode.Disposable[] {
  let active: { process: SweepProcess; sweepDir: string | undefined } | undefined;
  const actions: HparamsActions = {
    isRunning: (sweepDir) => active?.sweepDir === sweepDir,
    stop: (sweepDir) => {
      if (active?.sweepDir === sweepDir) active.process.stop();
    },
  };
  const showSweep = (sweepDir: string) => HparamsPanel.show(deps.extensionUri, sweepDir, actions);

  const runSweep = async (uri?: vscode.Uri): Promise<void> => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t('Tensorscope: a sweep runs the model file’s code; trust this folder first.'),
      );
      return;
    }
    if (active) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Tensorscope: a sweep is already running; stop it first.'),
      );
      if (active.sweepDir) showSweep(active.sweepDir);
      return;
    }
    const modelFile = await resolveModelFile(uri);
    if (!modelFile) return;
    const settings = readSettings(vscode.Uri.file(modelFile));
    const workspaceDir =
      vscode.workspace.getWorkspaceFolder(vscode.Uri.file(modelFile))?.uri.fsPath ?? path.dirname(modelFile);
    const lines: string[] = [];
    const process = new SweepProcess({
      cliScript: vscode.Uri.joinPath(deps.extensionUri, 'dist', 'cli.js').fsPath,
      modelFile,
      workspaceDir,
      env: deps.trainerEnv(),
      ...(settings.nodePath && { execPath: settings.nodePath }),
      args: ['--backend', settings.backend, ...(settings.epochs ? ['--epochs', String(settings.epochs)] : [])],
      onSweepDir: (sweepDir) => {
        if (active) active.sweepDir = sweepDir;
        showSweep(sweepDir);
      },
      onLine: (line) => {
        lines.push(line);
        deps.log.info(`[sweep] ${line}`);
      },
    });
    active = { process, sweepDir: undefined };
    void vscode.commands.executeCommand('setContext', RUNNING_CONTEXT, true);
    deps.log.info(`sweep ${modelFile}`);
    const code = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Sweep {0}', path.basename(modelFile)),
        cancellable: true,
      },
      async (progress, token) => {
        token.onCancellationRequested(() => process.stop());
        let done = 0;
        const timer = setInterval(() => {
          const last = [...lines].reverse().find((line) => TRIAL_LINE.test(line));
          const match = last ? TRIAL_LINE.exec(last) : null;
          const finished = lines.filter((line) => /^\[trial \d+\/\d+\] (completed|pruned|failed)/.test(line)).length;
          if (match)
            progress.report({
              message: vscode.l10n.t('{0}/{1} trials finished', finished, match[2] ?? '?'),
              increment: ((finished - done) * 100) / Number(match[2]),
            });
          done = finished;
        }, 500);
        try {
          return await process.exited;
        } finally {
          clearInterval(timer);
        }
      },
    );
    const sweepDir = active.sweepDir;
    active = undefined;
    void vscode.commands.executeCommand('setContext', RUNNING_CONTEXT, false);
    HparamsPanel.refresh();
    if (code === 0) {
      const best = sweepDir ? readSweep(sweepDir).best : null;
      void vscode.window.showInformationMessage(
        best
          ? vscode.l10n.t('Tensorscope: sweep finished. Best: trial {0}.', best.index + 1)
          : vscode.l10n.t('Tensorscope: sweep finished.'),
      );
    } else if (code !== 130) {
      const error =
        lines.find((line) => /error:/.test(line)) ?? lines.at(-1) ?? vscode.l10n.t('see the Tensorscope output');
      void vscode.window.showErrorMessage(vscode.l10n.t('Tensorscope: the sweep failed: {0}', error));
    }
  };

  const pickSweep = async (): Promise<void> => {
    const dirs = (vscode.workspace.workspaceFolders ?? []).flatMap((folder) => listSweepDirs(folder.uri.fsPath));
    if (dirs.length === 0) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Tensorscope: no sweeps recorded in this workspace yet. Run one with Run Sweep.'),
      );
      return;
    }
    const picked = await vscode.window.showQuickPick(
      dirs.map((dir) => ({
        label: path.basename(dir),
        description: path.dirname(path.dirname(path.dirname(dir))),
        dir,
      })),
      { title: vscode.l10n.t('Tensorscope: show which sweep?') },
    );
    if (picked) showSweep(picked.dir);
  };

  return [
    vscode.commands.registerCommand('tensorscope.runSweep', runSweep),
    vscode.commands.registerCommand('tensorscope.showSweep', pickSweep),
    vscode.commands.registerCommand('tensorscope.stopSweep', () => active?.process.stop()),
    { dispose: () => active?.process.kill() },
  ];
}
