/**
 * The Run History commands: open, compare (multi-select or "Select for Compare"), rename,
 * delete, reveal, copy path, show diff and attach. Tree commands get the clicked node and
 * the selected nodes; palette commands ask with a quick pick.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { exportRunFolder } from './exportRunCommand';
import { readRunForView } from '../../runs/runOverview';
import { describeSkippedLines, readRunInfo } from '../../runs/runReader';
import type { LiveRun } from '../liveRun';
import { ComparePanel, type CompareActions } from './comparePanel';
import { runIsLive } from '../../runs/runLock';
import { pickRunFolder, type RunAttacher } from './runAttacher';
import { showRunDiff } from './runDiffDocuments';
import { assertRunFolder, deleteRun, renameRun } from './runFolderEdits';
import type { RunSummary } from './runSummary';
import type { HistoryNode, RunTreeProvider } from './runTreeProvider';
import { runItemShape, runLabel } from './runTreeShape';

export interface HistoryDeps {
  readonly extensionUri: vscode.Uri;
  /** The workspace state, where the Compare panel remembers its runs across a reload. */
  readonly workspaceState: vscode.Memento;
  readonly liveRun: LiveRun;
  readonly tree: RunTreeProvider;
  readonly attacher: RunAttacher;
  showPanel(): void;
}

const SELECTED_CONTEXT = 'tensorscope.runSelectedForCompare';
const MAX_COMPARED = 8;

export function registerHistoryCommands(deps: HistoryDeps): vscode.Disposable[] {
  let selectedForCompare: RunSummary | undefined;
  const openRun = (runDir: string): void => openRunFolder(deps, runDir);
  const compareActions: CompareActions = {
    openRun,
    showDiff: (runDir, run) => void showRunDiff(runDir, run.info),
  };
  const compare = async (node?: HistoryNode, selected?: HistoryNode[]): Promise<void> => {
    let runs = runsOf(selected ?? (node ? [node] : []));
    if (runs.length === 1 && selectedForCompare && selectedForCompare.runDir !== runs[0]?.runDir)
      runs = [selectedForCompare, ...runs];
    if (runs.length < 2) runs = await pickRuns(deps.tree.runs(), runs);
    if (runs.length > 0)
      ComparePanel.show(
        deps.extensionUri,
        runs.slice(0, MAX_COMPARED).map((run) => run.runDir),
        compareActions,
      );
  };
  const command = vscode.commands.registerCommand;
  return [
    ComparePanel.registerSerializer(deps.extensionUri, deps.workspaceState, compareActions),
    command('tensorscope.history.refresh', () => deps.tree.refresh()),
    command('tensorscope.history.open', (node?: HistoryNode) => withRun(node, deps, (run) => openRun(run.runDir))),
    command('tensorscope.history.compare', compare),
    command('tensorscope.compareRuns', () => compare()),
    // For other views (the HParams view's trials): open or compare run folders by path.
    command('tensorscope.history.openFolder', (runDir: string) => openRun(runDir)),
    command('tensorscope.history.compareFolders', (runDirs: string[]) =>
      ComparePanel.show(deps.extensionUri, runDirs.slice(0, MAX_COMPARED), compareActions),
    ),
    command('tensorscope.history.selectForCompare', (node?: HistoryNode) => {
      selectedForCompare = node?.kind === 'run' ? node.run : undefined;
      void vscode.commands.executeCommand('setContext', SELECTED_CONTEXT, selectedForCompare !== undefined);
    }),
    command('tensorscope.history.rename', (node?: HistoryNode) => withRun(node, deps, (run) => rename(run, deps))),
    command('tensorscope.history.delete', (node?: HistoryNode, selected?: HistoryNode[]) =>
      remove(runsOf(selected ?? (node ? [node] : [])), deps),
    ),
    command('tensorscope.history.revealInExplorer', (node?: HistoryNode) =>
      withRun(node, deps, (run) => vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(run.runDir))),
    ),
    command('tensorscope.history.revealInOS', (node?: HistoryNode) =>
      withRun(node, deps, (run) => vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(run.runDir))),
    ),
    command('tensorscope.history.copyPath', (node?: HistoryNode) =>
      withRun(node, deps, (run) => vscode.env.clipboard.writeText(run.runDir)),
    ),
    command('tensorscope.history.showDiff', (node?: HistoryNode) =>
      withRun(node, deps, (run) => showRunDiff(run.runDir, run.info)),
    ),
    command('tensorscope.history.export', (node?: HistoryNode) =>
      withRun(node, deps, (run) => exportRunFolder(run.runDir)),
    ),
    command('tensorscope.attachToRun', async (target?: HistoryNode | vscode.Uri) => {
      const runDir =
        target instanceof vscode.Uri
          ? target.fsPath
          : target?.kind === 'run'
            ? target.run.runDir
            : await pickRunFolder();
      if (runDir !== undefined) await attach(deps, runDir);
    }),
  ];
}

/** Shows a run in the loss panel: the live run as it is, a run another process is writing followed, any other as recorded. */
function openRunFolder(deps: HistoryDeps, runDir: string): void {
  const info = readRunInfo(runDir);
  if (!info) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Tensorscope: {0} has no readable run.json.', runDir));
    return;
  }
  const shown = deps.liveRun.current;
  if (shown?.runId === info.runId && shown.status === 'running') return deps.showPanel();
  if (runIsLive(runDir, info)) return void attach(deps, runDir);
  void showRecordedRun(deps, runDir);
}

/** Reads a recorded run off the host's hot path (streamed, downsampled), then shows it; says what was skipped. */
async function showRecordedRun(deps: HistoryDeps, runDir: string): Promise<void> {
  const run = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Tensorscope: reading run') },
    () => readRunForView(runDir),
  );
  if (run) deps.liveRun.showRecorded(run);
  deps.showPanel();
  const skipped = run ? describeSkippedLines(run.skippedLines, run.skippedAt) : '';
  if (skipped)
    void vscode.window.showWarningMessage(vscode.l10n.t('Tensorscope: run {0}: {1}.', run?.info.runId ?? '', skipped));
}

async function attach(deps: HistoryDeps, runDir: string): Promise<void> {
  if (!(await deps.attacher.attach(runDir))) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('Tensorscope: {0} is not a run folder (no readable run.json).', runDir),
    );
  }
}

async function rename(run: RunSummary, deps: HistoryDeps): Promise<void> {
  const name = await vscode.window.showInputBox({
    title: vscode.l10n.t('Rename Run'),
    prompt: vscode.l10n.t('A name for run {0} (empty for none)', run.info.runId),
    value: run.info.name ?? '',
    validateInput: (value) => (value.length > 256 ? vscode.l10n.t('At most 256 characters') : undefined),
  });
  if (name === undefined) return;
  try {
    renameRun(run.runDir, name);
  } catch (error) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('Tensorscope could not rename the run: {0}', (error as Error).message),
    );
  }
  deps.tree.refresh();
}

async function remove(runs: RunSummary[], deps: HistoryDeps): Promise<void> {
  const live = runs.filter((run) => runIsLive(run.runDir, run.info));
  if (live.length > 0) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('Stop {0} before deleting it: it is still running.', runLabel(live[0] as RunSummary)),
    );
    return;
  }
  if (runs.length === 0) return;
  const what =
    runs.length === 1
      ? vscode.l10n.t('run “{0}”', runLabel(runs[0] as RunSummary))
      : vscode.l10n.t('{0} runs', runs.length);
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Delete {0}?', what),
    {
      modal: true,
      detail: vscode.l10n.t(
        'This moves {0} (metrics and checkpoints) to the trash.',
        runs.length === 1 ? vscode.l10n.t('its folder') : vscode.l10n.t('their folders'),
      ),
    },
    vscode.l10n.t('Delete'),
  );
  if (choice === undefined) return;
  for (const run of runs) await moveToTrash(run.runDir);
  deps.tree.refresh();
}

/** Moves a run folder to the trash; where there is none (some remotes), offers to delete it for good. */
async function moveToTrash(runDir: string): Promise<void> {
  try {
    assertRunFolder(runDir);
    await vscode.workspace.fs.delete(vscode.Uri.file(runDir), { recursive: true, useTrash: true });
  } catch (error) {
    const message = (error as Error).message;
    const deletePermanently = vscode.l10n.t('Delete Permanently');
    const choice = await vscode.window.showErrorMessage(
      vscode.l10n.t('Tensorscope could not move {0} to the trash: {1}', runDir, message),
      deletePermanently,
    );
    if (choice !== deletePermanently) return;
    try {
      deleteRun(runDir);
    } catch (failure) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t('Tensorscope could not delete {0}: {1}', runDir, (failure as Error).message),
      );
    }
  }
}

function runsOf(nodes: readonly HistoryNode[]): RunSummary[] {
  return nodes.flatMap((node) => (node.kind === 'run' ? [node.run] : node.group.runs));
}

/** Runs the action on the node's run, or on one picked from the list when called from the palette. */
async function withRun(
  node: HistoryNode | undefined,
  deps: HistoryDeps,
  action: (run: RunSummary) => unknown,
): Promise<void> {
  const run = node?.kind === 'run' ? node.run : (await pickRuns(deps.tree.runs(), [], false))[0];
  if (run) await action(run);
}

async function pickRuns(
  all: readonly RunSummary[],
  preselected: readonly RunSummary[],
  many = true,
): Promise<RunSummary[]> {
  if (all.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('No Tensorscope runs in this workspace yet: train a model file first.'),
    );
    return [];
  }
  const items = all.map((run) => ({
    label: runLabel(run),
    description: `${path.basename(run.info.modelFile)} · ${runItemShape(run).description}`,
    picked: preselected.some((chosen) => chosen.runDir === run.runDir),
    run,
  }));
  if (!many) {
    const choice = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Which run?') });
    return choice ? [choice.run] : [];
  }
  const choices = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Runs to compare'),
    canPickMany: true,
  });
  return (choices ?? []).map((choice) => choice.run);
}
