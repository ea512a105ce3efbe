/**
 * The Data view's commands: Show Data for a model file (the `data` quick look: loadData() runs
 * in a trainer process, never here), Show Data for a recorded run (its `data` record), and the
 * live run's report when a training run starts.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DataViewState } from '../../protocol/dataViewMessages';
import type { TrainerToHost } from '../../protocol/trainerMessages';
import { readRunForView } from '../../runs/runOverview';
import { findDeclaration } from '../../source/sourceText';
import type { RunDiagnostics } from '../diagnostics';
import { openAt } from '../editorFiles';
import { runLook } from '../inspection/inspectionCommands';
import type { RunController } from '../runController';
import type { DataViewActions } from './dataConnection';
import { DataPanel } from './dataPanel';

export const SHOW_DATA_COMMAND = 'tensorscope.showData';
export const SHOW_RUN_DATA_COMMAND = 'tensorscope.history.showData';

interface Deps {
  readonly extensionUri: vscode.Uri;
  readonly diagnostics: RunDiagnostics;
  readonly log: vscode.LogOutputChannel;
}

async function showData(deps: Deps, actions: DataViewActions, target: unknown): Promise<void> {
  const done = await runLook({ ...deps, inspector: deps }, 'data', target);
  if (done?.message.type !== 'dataReport') return;
  const state: DataViewState = {
    modelFile: done.modelFile,
    origin: vscode.l10n.t('loadData() just now'),
    status: 'ready',
    report: done.message.report,
  };
  DataPanel.show(deps.extensionUri, actions, state);
}

/** The run folder of a Runs view item, or of a path given directly. */
function runDirOf(target: unknown): string | undefined {
  if (typeof target === 'string') return target;
  if (target instanceof vscode.Uri) return target.fsPath;
  const runDir = (target as { run?: { runDir?: unknown } } | undefined)?.run?.runDir;
  return typeof runDir === 'string' ? runDir : undefined;
}

async function showRunData(deps: Deps, actions: DataViewActions, target: unknown): Promise<void> {
  const runDir = runDirOf(target);
  const run = runDir === undefined ? undefined : await readRunForView(runDir).catch(() => undefined);
  if (runDir === undefined || run === undefined) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Tensorscope: choose a run in the Runs view to show its data.'));
    return;
  }
  DataPanel.show(deps.extensionUri, actions, {
    modelFile: run.info.modelFile,
    origin: vscode.l10n.t('run {0}', run.info.runId),
    status: run.data ? 'ready' : 'failed',
    report: run.data ?? null,
    ...(!run.data && {
      error: vscode.l10n.t(
        'Run {0} holds no data record: it was recorded by an older Tensorscope, or it ended before its data was loaded.',
        path.basename(runDir),
      ),
    }),
  });
}

/** A live run's report updates the Data view when it shows that model file. */
function liveReports(): { runStarted(): void; apply(message: TrainerToHost, modelFile: string): void } {
  return {
    runStarted: () => undefined,
    apply: (message, modelFile) => {
      if (message.type !== 'dataReport') return;
      DataPanel.update({ modelFile, origin: vscode.l10n.t('live run'), status: 'ready', report: message.report });
    },
  };
}

export function registerDataView(
  context: vscode.ExtensionContext,
  controller: RunController,
  log: vscode.LogOutputChannel,
  diagnostics: RunDiagnostics,
): void {
  const deps: Deps = { extensionUri: context.extensionUri, diagnostics, log };
  const actions: DataViewActions = {
    refresh: (modelFile) => void showData(deps, actions, vscode.Uri.file(modelFile)),
    revealLoadData: (modelFile) => void openAt(modelFile, findDeclaration(modelFile, 'loadData').line),
  };
  context.subscriptions.push(
    controller.addSink(liveReports()),
    vscode.commands.registerCommand(SHOW_DATA_COMMAND, (target?: unknown) => showData(deps, actions, target)),
    vscode.commands.registerCommand(SHOW_RUN_DATA_COMMAND, (target?: unknown) => showRunData(deps, actions, target)),
  );
}
