/**
 * Activation: wires the commands, the live run, the loss panel, the status bar and
 * diagnostics. The host never loads TensorFlow; training happens in a forked trainer.
 */
// First, so that a test's file-I/O trace (TENSORSCOPE_IO_TRACE) sees everything the bundle does.
import { traceMarker } from './ioTrace';
import * as vscode from 'vscode';
import { readRunForView } from '../runs/runOverview';
import { newestRun } from '../runs/newestRun';
import { listRunDirs } from '../runs/runReader';
import { RunDiagnostics } from './diagnostics';
import { registerRunHistory } from './history/registerRunHistory';
import { registerDataView } from './data/registerDataView';
import { registerInspection } from './inspection/registerInspection';
import { openExample } from './examples';
import { LiveRun } from './liveRun';
import { installNativeBackend, nativeBackendEnv, offerNativeBackend } from './nativeBackend';
import { trackModelFileContext } from './modelFileContext';
import { LossPanel } from './panel/lossPanel';
import type { PanelActions, RunFeed } from './panel/runFeed';
import { openAt } from './editorFiles';
import { RunController } from './runController';
import { registerRunControlCommands, runControlActions } from './runControlCommands';
import { RunStatusBar } from './statusBar';
import { registerSweeps } from './sweep/registerSweeps';
import { reportRejectedMessagesTo } from './webviewChannel';

let controller: RunController | undefined;

/**
 * Shows the newest recorded run of the workspace when nothing ran in this window yet. Read
 * asynchronously (streamed, downsampled); the panel shows it when it arrives.
 */
async function loadNewestRecordedRun(liveRun: LiveRun): Promise<void> {
  if (liveRun.current) return;
  const newest = newestRun(
    (vscode.workspace.workspaceFolders ?? []).flatMap((folder) => listRunDirs(folder.uri.fsPath)),
  );
  const run = newest ? await readRunForView(newest.dir) : undefined;
  if (run && !liveRun.current) liveRun.showRecorded(run);
}

/**
 * The loss panel's feed: the live run, with the newest recorded run read the first time the panel
 * asks (shown, or restored after a reload), never during activation.
 */
function feedLoadingOnFirstUse(liveRun: LiveRun): RunFeed {
  let loading: Promise<void> | undefined;
  return {
    snapshot: () => {
      loading ??= loadNewestRecordedRun(liveRun);
      return liveRun.snapshot();
    },
    range: (runId, fromStep, toStep, maxPoints) => liveRun.range(runId, fromStep, toStep, maxPoints),
    onDidChangeRun: liveRun.onDidChangeRun,
    onDidAppend: liveRun.onDidAppend,
  };
}

export function activate(context: vscode.ExtensionContext): void {
  traceMarker('activate');
  const log = vscode.window.createOutputChannel('Tensorscope', { log: true });
  reportRejectedMessagesTo((text) => log.warn(text));
  const liveRun = new LiveRun();
  const statusBar = new RunStatusBar();
  const diagnostics = new RunDiagnostics();
  const feed = feedLoadingOnFirstUse(liveRun);
  const showPanel = () => {
    LossPanel.show(context, feed, actions);
  };
  controller = new RunController({
    extensionUri: context.extensionUri,
    liveRun,
    statusBar,
    diagnostics,
    log,
    showPanel,
    onPureJsBackend: (reason) => offerNativeBackend(context, reason),
    trainerEnv: () => nativeBackendEnv(context),
  });
  const control = runControlActions(controller, liveRun);
  const actions: PanelActions = {
    stop: (runId) => controller?.stop(runId),
    openModelFile: (runId) => {
      const header = liveRun.current;
      if (header?.runId === runId)
        void openAt(header.error?.location?.file ?? header.modelFile, header.error?.location?.line ?? 1);
    },
    train: (modelFile) => void controller?.start('train', modelFile ? vscode.Uri.file(modelFile) : undefined),
    evaluate: (runId) => void control.evaluate(runId),
    pause: (runId) => control.pause(runId),
    continue: (runId) => control.continue(runId),
    addEpochs: (runId, epochs) => void control.addEpochs(epochs, runId),
    setLearningRate: (runId, learningRate) => void control.setLearningRate(learningRate, runId),
    resume: (runId) => void control.resume(runId),
  };
  registerInspection(context, controller, log, diagnostics);
  registerDataView(context, controller, log, diagnostics);
  registerRunHistory(context, liveRun, showPanel);

  context.subscriptions.push(
    ...registerRunControlCommands(control),
    ...registerSweeps({ extensionUri: context.extensionUri, log, trainerEnv: () => nativeBackendEnv(context) }),
    log,
    liveRun,
    statusBar,
    diagnostics,
    controller,
    trackModelFileContext(),
    LossPanel.registerSerializer(context, feed, actions),
    vscode.commands.registerCommand('tensorscope.train', (uri?: vscode.Uri) => controller?.start('train', uri)),
    vscode.commands.registerCommand('tensorscope.evaluate', (uri?: vscode.Uri) => controller?.start('evaluate', uri)),
    vscode.commands.registerCommand('tensorscope.stop', () => controller?.stop()),
    vscode.commands.registerCommand('tensorscope.showPanel', showPanel),
    vscode.commands.registerCommand('tensorscope.installNativeBackend', () => installNativeBackend(context, log)),
    vscode.commands.registerCommand('tensorscope.openExample', (name?: string) =>
      openExample(context.extensionUri, name),
    ),
  );
  void vscode.commands.executeCommand('setContext', 'tensorscope.training', false);
}

/** Lets the trainer stop at a batch boundary (its run recorded as stopped) for a moment, then ends its process group. */
export async function deactivate(): Promise<void> {
  const stopping = controller?.stopAll();
  controller = undefined;
  await stopping;
}
