/**
 * Starts, follows and stops runs for the commands: one trainer process at a time, its
 * messages fed to the live run (panel, status bar), its failures to diagnostics.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TrainerError } from '../protocol/model';
import { latestEpochLoss } from '../protocol/runFigures';
import type { HostToTrainer, Phase, TrainerToHost, WithoutVersion } from '../protocol/trainerMessages';
import type { RunDiagnostics } from './diagnostics';
import type { LiveRun } from './liveRun';
import { openAt, resolveModelFile } from './editorFiles';
import { modelDisplayName } from './modelDisplayName';
import { readSettings } from './settings';
import type { RunStatusBar } from './statusBar';
import { readRunForView } from '../runs/runOverview';
import {
  EVALUATION_CANCELLED,
  RESUME_CANCELLED,
  RESUME_ENDED_BEFORE_START,
  recordTrainerExit,
} from '../supervisor/trainerExit';
import { TrainerProcess, type TrainerExit } from '../supervisor/trainerProcess';
import { trainingFirst } from '../protocol/metricNames';

export type RunCommand = 'train' | 'evaluate' | 'resume';

/** Anything that follows the trainer's messages besides the live run (inspection, hovers). */
export interface TrainerMessageSink {
  /** A run started for `modelFile`; its messages follow. */
  runStarted(modelFile: string): void;
  apply(message: TrainerToHost, modelFile: string): void;
}

/** How long deactivation lets the trainer stop at a batch boundary before ending it (as language clients do). */
const SHUTDOWN_GRACE_MS = 2_000;

const PHASE_TEXT: Record<Phase, () => string> = {
  bundling: () => vscode.l10n.t('Bundling the model file…'),
  loadingBackend: () => vscode.l10n.t('Loading TensorFlow…'),
  loadingData: () => vscode.l10n.t('Loading data…'),
  building: () => vscode.l10n.t('Building the model…'),
  training: () => vscode.l10n.t('Training…'),
  evaluating: () => vscode.l10n.t('Evaluating…'),
};

interface ActiveRun {
  trainer: TrainerProcess;
  modelFile: string;
  command: RunCommand;
  /** Known once the trainer created the run folder. */
  runId?: string;
  runDir?: string;
  /** For an evaluation: the run whose checkpoint it scores (recorded inside that run). */
  evaluatedRunId?: string;
  ended: boolean;
  onPhase?: (phase: Phase) => void;
}

export interface RunControllerDeps {
  extensionUri: vscode.Uri;
  liveRun: LiveRun;
  statusBar: RunStatusBar;
  diagnostics: RunDiagnostics;
  log: vscode.LogOutputChannel;
  showPanel(): void;
  /** A run trains on pure JS although native TensorFlow was wanted (`backend: auto`). */
  onPureJsBackend(reason: string): void;
  /** Extra environment for the trainer (where an installed native backend lives). */
  trainerEnv(): NodeJS.ProcessEnv;
}

export class RunController implements vscode.Disposable {
  private active: ActiveRun | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly sinks: TrainerMessageSink[] = [];
  private shutdown: Promise<void> | undefined;

  constructor(private readonly deps: RunControllerDeps) {
    this.subscriptions.push(
      deps.liveRun.onDidChangeHeader((header) => {
        deps.statusBar.update(header, latestEpochLoss(deps.liveRun.latestEpoch));
        void vscode.commands.executeCommand('setContext', 'tensorscope.paused', header.paused);
      }),
    );
  }

  addSink(sink: TrainerMessageSink): vscode.Disposable {
    this.sinks.push(sink);
    return new vscode.Disposable(() => this.sinks.splice(this.sinks.indexOf(sink), 1));
  }

  get isRunning(): boolean {
    return this.active !== undefined;
  }

  async start(command: RunCommand, target?: vscode.Uri): Promise<void> {
    if (await this.refuseToStart()) return;
    const modelFile = await resolveModelFile(target);
    if (!modelFile) return;
    this.launch(command, modelFile);
  }

  /** Says why a run cannot start now (untrusted folder, a run in progress); true when refused. */
  private async refuseToStart(): Promise<boolean> {
    if (!vscode.workspace.isTrusted) {
      const choice = await vscode.window.showErrorMessage(
        vscode.l10n.t('Tensorscope runs the model file’s code, so it trains only in a trusted folder.'),
        vscode.l10n.t('Manage Workspace Trust'),
      );
      if (choice) await vscode.commands.executeCommand('workbench.trust.manage');
      return true;
    }
    if (this.active) {
      const [stopIt, showPanel] = [vscode.l10n.t('Stop It'), vscode.l10n.t('Show Panel')];
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t('Tensorscope is already running {0}.', modelDisplayName(this.active.modelFile)),
        stopIt,
        showPanel,
      );
      if (choice === stopIt) this.stop();
      if (choice === showPanel) this.deps.showPanel();
      return true;
    }
    return false;
  }

  /** Continues a stopped or failed run (its folder) from its last checkpoint. */
  async resume(runDir: string, modelFile: string): Promise<void> {
    if (await this.refuseToStart()) return;
    this.launch('resume', modelFile, { resumeRunDir: runDir });
  }

  /** Scores a recorded run's checkpoint; the evaluation is recorded inside that run. */
  async evaluate(runDir: string, modelFile: string): Promise<void> {
    if (await this.refuseToStart()) return;
    this.launch('evaluate', modelFile, { evaluateRunDir: runDir });
  }

  /** Whether `runId` is the run being trained now (the panel may show another). */
  isTraining(runId: string): boolean {
    return this.active?.runId === runId;
  }

  /**
   * Pause, continue, more epochs or a new learning rate for the run in progress; with `runId` (from
   * the panel), only if that run is the one training.
   */
  control(
    message: WithoutVersion<
      Extract<HostToTrainer, { type: 'pauseTraining' | 'continueTraining' | 'addEpochs' | 'setLearningRate' }>
    >,
    runId?: string,
  ): boolean {
    if (!this.active || this.active.command === 'evaluate') {
      void vscode.window.showInformationMessage(vscode.l10n.t('No Tensorscope training is in progress.'));
      return false;
    }
    if (this.refuseOtherRun(runId)) return false;
    this.deps.log.info(`${message.type} for ${this.active.modelFile}`);
    this.active.trainer.send(message);
    return true;
  }

  /** Stops the run in progress; with `runId` (from the panel), only if that run is the one training. */
  stop(runId?: string): void {
    if (!this.active) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No Tensorscope run is in progress.'));
      return;
    }
    if (this.refuseOtherRun(runId)) return;
    this.deps.log.info(`stop requested for ${this.active.modelFile}`);
    // An evaluation has no batch boundary to stop at, and records nothing until it has its result.
    if (this.active.command === 'evaluate') this.active.trainer.forceStop();
    else void this.active.trainer.stop();
  }

  /** A panel showing a recorded run must not steer the run that trains. */
  private refuseOtherRun(runId: string | undefined): boolean {
    if (runId === undefined || runId === this.active?.runId) return false;
    this.deps.log.warn(
      `ignored a control for run ${runId}: the run training is ${this.active?.runId ?? 'not started yet'}`,
    );
    void vscode.window.showInformationMessage(vscode.l10n.t('That run is not the one training now.'));
    return true;
  }

  /**
   * Deactivation: asks the trainer to stop at the next batch boundary (its run is recorded as
   * stopped) and ends its process group if it has not exited within a short grace period.
   */
  stopAll(): Promise<void> {
    this.shutdown ??= this.active
      ? this.active.trainer.stop(SHUTDOWN_GRACE_MS).then(() => undefined)
      : Promise.resolve();
    return this.shutdown;
  }

  dispose(): void {
    void this.stopAll();
    this.subscriptions.forEach((subscription) => subscription.dispose());
  }

  private launch(
    command: RunCommand,
    modelFile: string,
    extra: { resumeRunDir?: string; evaluateRunDir?: string } = {},
  ): void {
    const settings = readSettings(vscode.Uri.file(modelFile));
    const workspaceDir =
      vscode.workspace.getWorkspaceFolder(vscode.Uri.file(modelFile))?.uri.fsPath ?? path.dirname(modelFile);
    this.deps.diagnostics.clear(modelFile);
    const run: ActiveRun = {
      modelFile,
      command,
      ended: false,
      trainer: new TrainerProcess({
        trainerScript: vscode.Uri.joinPath(this.deps.extensionUri, 'dist', 'trainer.js').fsPath,
        cwd: workspaceDir,
        env: this.deps.trainerEnv(),
        ...(settings.nodePath && { execPath: settings.nodePath }),
        hungTimeoutMs: settings.hungTimeoutMs,
        onMessage: (message) => this.onMessage(run, message),
        onInvalidMessage: (error) => this.deps.log.warn(`invalid message from the trainer ignored: ${error}`),
        // What the model file prints (a script's own logging) goes to the output channel too.
        onStdout: (text) => this.deps.log.info(`[model] ${text.trimEnd()}`),
        onStderr: (text) => this.deps.log.info(`[trainer] ${text.trimEnd()}`),
      }),
    };
    this.active = run;
    // Sinks follow training (inspection statistics); an evaluation must not reset them.
    if (command !== 'evaluate') for (const sink of this.sinks) sink.runStarted(modelFile);
    void vscode.commands.executeCommand('setContext', 'tensorscope.training', true);
    this.deps.log.info(`${command} ${modelFile} (trainer pid ${run.trainer.pid ?? '?'})`);
    run.trainer.send({
      type: 'start',
      command,
      modelFile,
      options: {
        backend: settings.backend,
        workspaceDir,
        sampleEveryBatches: settings.sampleEveryBatches,
        compile: settings.compile,
        ...(command === 'train' &&
          settings.scriptArguments.length > 0 && { scriptArguments: settings.scriptArguments }),
        ...extra,
        ...(settings.epochs !== undefined && command !== 'resume' && { epochs: settings.epochs }),
        ...(settings.batchSize !== undefined && { batchSize: settings.batchSize }),
      },
    });
    if (command !== 'evaluate') this.deps.showPanel();
    this.showProgress(run);
    void run.trainer.exited.then((exit) => this.onExit(run, exit));
  }

  /** A notification for the slow steps before the first batch (and the whole of an evaluation). */
  private showProgress(run: ActiveRun): void {
    const name = modelDisplayName(run.modelFile);
    const title = {
      train: () => vscode.l10n.t('Tensorscope: Training {0}', name),
      resume: () => vscode.l10n.t('Tensorscope: Resuming {0}', name),
      evaluate: () => vscode.l10n.t('Tensorscope: Evaluating {0}', name),
    }[run.command]();
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      (progress, token) => {
        token.onCancellationRequested(() => this.stop());
        return new Promise<void>((resolve) => {
          run.onPhase = (phase) => {
            if (phase === 'training') resolve();
            else progress.report({ message: phaseText(run, phase) });
          };
          void run.trainer.exited.then(() => resolve());
        });
      },
    );
  }

  private onMessage(run: ActiveRun, message: TrainerToHost): void {
    const startsRun = message.type === 'runCreated' || message.type === 'evaluationStarted';
    this.deps.liveRun.apply(message, startsRun ? message.runId : (run.runId ?? run.evaluatedRunId));
    if (run.command !== 'evaluate') for (const sink of this.sinks) sink.apply(message, run.modelFile);
    switch (message.type) {
      case 'phase':
        run.onPhase?.(message.phase);
        break;
      case 'runCreated':
        run.runId = message.runId;
        run.runDir = message.runDir;
        break;
      case 'evaluationStarted':
        // Not the run's writer: a trainer that dies evaluating leaves the run as it was.
        run.evaluatedRunId = message.runId;
        this.deps.log.info(`evaluating run ${message.runId} (${message.runDir})`);
        break;
      case 'trainingStarted':
        if (message.backend.native === 'no' && readSettings(vscode.Uri.file(run.modelFile)).backend === 'auto')
          this.deps.onPureJsBackend(message.backend.reason);
        break;
      case 'evaluation':
        void vscode.window.showInformationMessage(
          vscode.l10n.t(
            'Evaluation of run {0} on the {1} split: {2}',
            run.evaluatedRunId ?? '?',
            message.split,
            formatLogs(message.logs),
          ),
        );
        this.deps.log.info(
          `evaluation of run ${run.evaluatedRunId ?? '?'} (${message.split}): ${formatLogs(message.logs)}`,
        );
        break;
      case 'runEnded':
        run.ended = true;
        if (message.runUnchanged && run.runId && run.runDir) this.showUnchangedRun(run.runId, run.runDir, null);
        else if (message.error) this.reportFailure(run.modelFile, message.error);
        else if (message.status === 'completed' && run.command === 'train') {
          void vscode.window.setStatusBarMessage(
            vscode.l10n.t('Tensorscope: {0} trained', modelDisplayName(run.modelFile)),
            5_000,
          );
        }
        break;
      case 'log':
        this.deps.log[message.level === 'warning' ? 'warn' : 'info'](message.text);
        break;
      default:
        break;
    }
  }

  private onExit(run: ActiveRun, exit: TrainerExit): void {
    if (this.active === run) this.active = undefined;
    void vscode.commands.executeCommand('setContext', 'tensorscope.training', false);
    this.deps.log.info(`trainer exited (code ${exit.code ?? '-'}, signal ${exit.signal ?? '-'})`);
    // The trainer died without ending its run: killed, or the model file called process.exit().
    const ending = recordTrainerExit(run, exit);
    if (ending === undefined) return;
    const { status, error } = ending;
    if (run.command === 'evaluate' && status === 'stopped') {
      this.deps.log.info(EVALUATION_CANCELLED);
      void vscode.window.showInformationMessage(vscode.l10n.t('Tensorscope: {0}', EVALUATION_CANCELLED));
      return;
    }
    if (ending.runUnchanged && run.runId && run.runDir) {
      this.showUnchangedRun(run.runId, run.runDir, error);
      return;
    }
    if (run.runId && status !== 'completed') this.deps.liveRun.markEnded(run.runId, status, error);
    if (error) this.reportFailure(run.modelFile, error);
    else
      this.deps.log.warn(`the trainer ended (${exit.signal ?? `exit code ${exit.code ?? '?'}`}); the run is ${status}`);
  }

  /** A resume stopped (or dead) while its model was rebuilt: its run is shown again as its files say. */
  private showUnchangedRun(runId: string, runDir: string, error: TrainerError | null): void {
    void readRunForView(runDir)
      .catch(() => undefined)
      .then((recorded) => this.deps.liveRun.resumeCancelled(runId, recorded));
    const text = error ? `${error.message} ${RESUME_ENDED_BEFORE_START}` : RESUME_CANCELLED;
    this.deps.log.info(`run ${runId}: ${text}`);
    if (error) void vscode.window.showErrorMessage(vscode.l10n.t('Tensorscope: {0}', text));
    else void vscode.window.showInformationMessage(vscode.l10n.t('Tensorscope: {0}', text));
  }

  private reportFailure(modelFile: string, error: TrainerError): void {
    this.deps.diagnostics.report(modelFile, error);
    const where = error.location ? `${path.basename(error.location.file)}:${error.location.line}: ` : '';
    this.deps.log.error(`${where}${error.message}${error.stack ? `\n${error.stack}` : ''}`);
    const [openFile, showOutput] = [vscode.l10n.t('Open File'), vscode.l10n.t('Show Output')];
    void vscode.window
      .showErrorMessage(vscode.l10n.t('Tensorscope: {0}{1}', where, error.message), openFile, showOutput)
      .then((choice) => {
        if (choice === openFile) void openAt(error.location?.file ?? modelFile, error.location?.line ?? 1);
        if (choice === showOutput) this.deps.log.show(true);
      });
  }
}

/**
 * A phase as the progress notification says it. The Evaluate command and CodeLens score the model
 * file's newest run with a checkpoint, which may not be the run the panel shows: the run is named.
 */
function phaseText(run: ActiveRun, phase: Phase): string {
  const text = PHASE_TEXT[phase]();
  return run.evaluatedRunId === undefined ? text : vscode.l10n.t('Run {0}: {1}', run.evaluatedRunId, text);
}

function formatLogs(logs: Record<string, number>): string {
  return trainingFirst(logs)
    .map(([key, value]) => `${key} ${value.toPrecision(4)}`)
    .join(', ');
}
