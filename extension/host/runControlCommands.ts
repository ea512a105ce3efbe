/**
 * Commands that change a run: pause, continue, more epochs, a new learning rate (while it
 * trains), resume (after it stopped or failed), evaluate its checkpoint. The loss panel's
 * buttons call the same functions.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { scriptOnlyTrains } from '../protocol/model';
import { hasCheckpoint } from '../runs/checkpointFiles';
import { readRunSummaries, type RunSummary } from './history/runSummary';
import type { LiveRun } from './liveRun';
import type { RunController } from './runController';

const DEFAULT_MORE_EPOCHS = 5;

/** `runId`: the run a panel button was pressed for (the palette's commands act on the run in progress). */
export interface RunControlActions {
  pause(runId?: string): void;
  continue(runId?: string): void;
  addEpochs(epochs?: number, runId?: string): Promise<void>;
  setLearningRate(learningRate?: number, runId?: string): Promise<void>;
  resume(runId?: string): Promise<void>;
  /** Scores the checkpoint of run `runId` (recorded inside it). */
  evaluate(runId: string): Promise<void>;
}

function resumable(summary: RunSummary): boolean {
  return (
    summary.info.mode !== 'script' &&
    (summary.info.status === 'stopped' || summary.info.status === 'failed' || summary.orphaned) &&
    summary.info.command !== 'evaluate' &&
    hasCheckpoint(summary.runDir)
  );
}

function workspaceRuns(): RunSummary[] {
  return readRunSummaries((vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath));
}

/** A training script's run is trained again, never resumed or evaluated: says so, as the CLI does. */
function showScriptRefusal(summary: RunSummary, refused: 'resumed' | 'evaluated'): void {
  const { message, hint } = scriptOnlyTrains(path.basename(summary.info.modelFile), refused);
  void vscode.window.showWarningMessage(vscode.l10n.t('{0} {1}', message, hint));
}

async function pickResumable(runId: string | undefined): Promise<RunSummary | undefined> {
  const runs = workspaceRuns();
  const candidates = runs.filter(resumable);
  const named = runId === undefined ? undefined : candidates.find((summary) => summary.info.runId === runId);
  if (named || runId !== undefined) {
    if (named) return named;
    const script = runs.find((summary) => summary.info.runId === runId && summary.info.mode === 'script');
    if (script) showScriptRefusal(script, 'resumed');
    else
      void vscode.window.showWarningMessage(
        vscode.l10n.t('That run cannot be resumed: it has no checkpoint, or it completed or is still running.'),
      );
    return undefined;
  }
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No stopped or failed run with a checkpoint to resume.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    candidates.map((summary) => ({
      label: summary.info.name ?? summary.info.runId,
      description: `${path.basename(summary.info.modelFile)} · ${summary.info.status}`,
      detail:
        summary.finalLogs.loss === undefined
          ? undefined
          : vscode.l10n.t('last epoch loss {0}', summary.finalLogs.loss.toPrecision(4)),
      summary,
    })),
    {
      title: vscode.l10n.t('Tensorscope: Resume Run'),
      placeHolder: vscode.l10n.t('A stopped or failed run continues from its last checkpoint'),
    },
  );
  return picked?.summary;
}

async function askPositive(prompt: string, value: string, integer: boolean): Promise<number | undefined> {
  const answer = await vscode.window.showInputBox({
    title: 'Tensorscope',
    prompt,
    value,
    validateInput: (text) => {
      const parsed = Number(text);
      if (!Number.isFinite(parsed) || parsed <= 0) return vscode.l10n.t('Enter a positive number.');
      if (integer && !Number.isInteger(parsed)) return vscode.l10n.t('Enter a whole number.');
      return undefined;
    },
  });
  return answer === undefined ? undefined : Number(answer);
}

export function runControlActions(controller: RunController, liveRun: LiveRun): RunControlActions {
  return {
    pause: (runId) => void controller.control({ type: 'pauseTraining' }, runId),
    continue: (runId) => void controller.control({ type: 'continueTraining' }, runId),
    async addEpochs(epochs, runId) {
      const count =
        epochs ?? (await askPositive(vscode.l10n.t('Train how many more epochs?'), String(DEFAULT_MORE_EPOCHS), true));
      if (count !== undefined) controller.control({ type: 'addEpochs', epochs: count }, runId);
    },
    async setLearningRate(learningRate, runId) {
      const current = liveRun.current?.config?.learningRate;
      const rate =
        learningRate ??
        (await askPositive(
          vscode.l10n.t('New learning rate (takes effect at the next batch)'),
          String(current ?? 0.001),
          false,
        ));
      if (rate !== undefined) controller.control({ type: 'setLearningRate', learningRate: rate }, runId);
    },
    async resume(runId) {
      const summary = await pickResumable(runId);
      if (summary) await controller.resume(summary.runDir, summary.info.modelFile);
    },
    async evaluate(runId) {
      const summary = workspaceRuns().find((run) => run.info.runId === runId);
      if (summary?.info.mode === 'script') showScriptRefusal(summary, 'evaluated');
      else if (summary) await controller.evaluate(summary.runDir, summary.info.modelFile);
      else
        void vscode.window.showWarningMessage(
          vscode.l10n.t(
            'That run is not in this workspace’s run stores any more (deleted or moved), so it cannot be evaluated.',
          ),
        );
    },
  };
}

export function registerRunControlCommands(actions: RunControlActions): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('tensorscope.pause', () => actions.pause()),
    vscode.commands.registerCommand('tensorscope.continue', () => actions.continue()),
    vscode.commands.registerCommand('tensorscope.addEpochs', () => actions.addEpochs()),
    vscode.commands.registerCommand('tensorscope.setLearningRate', () => actions.setLearningRate()),
    vscode.commands.registerCommand('tensorscope.resume', (runId?: unknown) =>
      actions.resume(typeof runId === 'string' ? runId : undefined),
    ),
  ];
}
