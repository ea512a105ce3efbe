/**
 * The commands behind the CodeLens: Inspect (dry build, then the inspector), Pre-flight Check
 * (report in the inspector plus a notification) and Find Learning Rate (plot in the inspector,
 * Apply writes `learningRate` into the file's config); and Show Inspector.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunDiagnostics } from '../diagnostics';
import { isModelDocument } from '../modelFileContext';
import { applyLearningRate } from './applyLearningRate';
import type { InspectionStore } from './inspectionStore';
import { InspectorPanel, type InspectorContext } from './inspectorPanel';
import type { QuickLookCommand, QuickLookOutcome } from './quickLookRunner';
import { startQuickLookFor } from './quickLookHost';
import { learningRateSummary, preflightSummary } from './reportSummary';

export interface InspectionCommandDeps {
  readonly inspector: InspectorContext;
  readonly store: InspectionStore;
  readonly diagnostics: RunDiagnostics;
  readonly log: vscode.LogOutputChannel;
  /** Loads the newest recorded run of a file into the store, if not done yet. */
  ensureRecorded(modelFile: string): void;
}

const LOOK_TITLES: Record<QuickLookCommand, (file: string) => string> = {
  inspect: (file) => vscode.l10n.t('Tensorscope: Building {0}…', file),
  preflight: (file) => vscode.l10n.t('Tensorscope: Pre-flight check of {0}…', file),
  findLearningRate: (file) => vscode.l10n.t('Tensorscope: Learning-rate range test of {0}…', file),
  data: (file) => vscode.l10n.t('Tensorscope: Describing the data of {0}…', file),
};
const openModelFileFirst = () => vscode.l10n.t('Open a Tensorscope model file (one that exports createModel) first.');

/** The file a command acts on: the one given, else the active model file (saved first). */
async function targetModelFile(target: unknown): Promise<string | undefined> {
  if (target instanceof vscode.Uri && target.scheme === 'file') return target.fsPath;
  const document = vscode.window.activeTextEditor?.document;
  if (document && document.uri.scheme === 'file' && isModelDocument(document)) {
    if (document.isDirty) await document.save();
    return document.fileName;
  }
  void vscode.window.showInformationMessage(openModelFileFirst());
  return undefined;
}

async function trusted(): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const choice = await vscode.window.showErrorMessage(
    vscode.l10n.t('Tensorscope runs the model file’s code, so it builds models only in a trusted folder.'),
    vscode.l10n.t('Manage Workspace Trust'),
  );
  if (choice) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}

/** What running a quick look needs (the Data view's commands run one too). */
export type LookDeps = Pick<InspectionCommandDeps, 'diagnostics' | 'log'> & {
  readonly inspector: Pick<InspectorContext, 'extensionUri'>;
};

/** Runs a quick look on the target file with progress; a failure is reported (diagnostic and message). */
export async function runLook(deps: LookDeps, command: QuickLookCommand, target: unknown) {
  const modelFile = (await trusted()) ? await targetModelFile(target) : undefined;
  if (modelFile === undefined) return undefined;
  const title = LOOK_TITLES[command](path.basename(modelFile));
  const outcome: QuickLookOutcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    (_, token) => {
      const look = startQuickLookFor(command, modelFile, deps.inspector.extensionUri, deps.log);
      token.onCancellationRequested(() => look.stop());
      return look.outcome;
    },
  );
  if (!outcome.ok) {
    deps.diagnostics.report(modelFile, outcome.error);
    void vscode.window.showErrorMessage(vscode.l10n.t('Tensorscope: {0}', outcome.error.message));
    return undefined;
  }
  deps.diagnostics.clear(modelFile);
  return { modelFile, message: outcome.message };
}

async function inspect(deps: InspectionCommandDeps, target: unknown): Promise<void> {
  const done = await runLook(deps, 'inspect', target);
  if (done?.message.type !== 'inspection') return;
  deps.store.setDryBuild(done.modelFile, done.message.summary);
  showInspector(deps, { modelFile: done.modelFile });
}

async function preflight(deps: InspectionCommandDeps, target: unknown): Promise<void> {
  const done = await runLook(deps, 'preflight', target);
  if (done?.message.type !== 'preflight') return;
  deps.store.setPreflight(done.modelFile, done.message.report);
  showInspector(deps, { modelFile: done.modelFile });
  const summary = preflightSummary(done.message.report, path.basename(done.modelFile));
  const notify =
    summary.severity === 'error'
      ? vscode.window.showErrorMessage
      : summary.severity === 'warning'
        ? vscode.window.showWarningMessage
        : vscode.window.showInformationMessage;
  const showReport = vscode.l10n.t('Show Report');
  if ((await notify(summary.text, showReport)) === showReport) showInspector(deps, { modelFile: done.modelFile });
}

async function findLearningRate(deps: InspectionCommandDeps, target: unknown): Promise<void> {
  const done = await runLook(deps, 'findLearningRate', target);
  if (done?.message.type !== 'learningRateRange') return;
  const { result } = done.message;
  deps.store.setLearningRateRange(done.modelFile, result);
  showInspector(deps, { modelFile: done.modelFile });
  const apply = vscode.l10n.t('Apply');
  const actions = result.suggested === null ? [] : [apply];
  const choice = await vscode.window.showInformationMessage(
    learningRateSummary(result, path.basename(done.modelFile)),
    ...actions,
  );
  if (choice === apply && result.suggested !== null) await applyLearningRate(done.modelFile, result.suggested);
}

/** Arguments: `{ modelFile, layer }` from the hover link, a file Uri, or nothing (the active model file). */
function showInspector(deps: InspectionCommandDeps, target?: unknown): void {
  const fromLink = target as { modelFile?: unknown; layer?: unknown } | undefined;
  const document = vscode.window.activeTextEditor?.document;
  const modelFile =
    typeof fromLink?.modelFile === 'string'
      ? fromLink.modelFile
      : target instanceof vscode.Uri
        ? target.fsPath
        : document && isModelDocument(document)
          ? document.fileName
          : InspectorPanel.shownFile;
  if (modelFile === undefined) {
    void vscode.window.showInformationMessage(openModelFileFirst());
    return;
  }
  deps.ensureRecorded(modelFile);
  InspectorPanel.show(deps.inspector, modelFile, typeof fromLink?.layer === 'string' ? fromLink.layer : undefined);
}

export function registerInspectionCommands(deps: InspectionCommandDeps): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('tensorscope.inspect', (target?: unknown) => inspect(deps, target)),
    vscode.commands.registerCommand('tensorscope.preflight', (target?: unknown) => preflight(deps, target)),
    vscode.commands.registerCommand('tensorscope.findLearningRate', (target?: unknown) =>
      findLearningRate(deps, target),
    ),
    vscode.commands.registerCommand('tensorscope.showInspector', (target?: unknown) => showInspector(deps, target)),
  );
}
