/**
 * Tensorscope: Install Native Backend. People who install the extension from a .vsix train on
 * pure-JS TensorFlow.js; this installs @tensorflow/tfjs-node into the extension's global storage,
 * where the trainer finds it. macOS and Windows take tfjs-node's official route (its install
 * script downloads libtensorflow and the prebuilt addon); Linux also has the fallback the
 * repository uses where that download is unreachable (the TensorFlow wheel from PyPI). It is
 * offered once, the first time a run trains on pure JS; cancelling ends every process it started.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { nativeBackendSteps, TFJS_NODE, type InstallStep } from './nativeBackendSteps';
import { CommandCancelled, runProcessTree } from './cancellableCommand';

const DECLINED_KEY = 'tensorscope.nativeBackend.declined';
/** Offered at most once per window (and never again after "Don't Ask Again"). */
let offeredThisWindow = false;

export function nativeBackendDir(context: vscode.ExtensionContext): string {
  return path.join(context.globalStorageUri.fsPath, 'native');
}

/** The trainer's environment: where the installed native backend is, when there is one. */
export function nativeBackendEnv(context: vscode.ExtensionContext): NodeJS.ProcessEnv {
  const dir = nativeBackendDir(context);
  return fs.existsSync(path.join(dir, 'node_modules', '@tensorflow', 'tfjs-node', 'package.json'))
    ? { TENSORSCOPE_NATIVE_DIR: dir }
    : {};
}

function progressMessage(kind: InstallStep['kind']): string {
  switch (kind) {
    case 'install':
      return process.platform === 'linux'
        ? vscode.l10n.t('Installing {0}…', TFJS_NODE)
        : vscode.l10n.t('Installing {0} (it downloads TensorFlow, about 100 MB)…', TFJS_NODE);
    case 'provision':
      return vscode.l10n.t('Providing native TensorFlow (a download of about 270 MB the first time)…');
    case 'verify':
      return vscode.l10n.t('Checking that it loads…');
  }
}

async function install(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  progress: vscode.Progress<{ message?: string; increment?: number }>,
  token: vscode.CancellationToken,
): Promise<void> {
  const dir = nativeBackendDir(context);
  fs.mkdirSync(dir, { recursive: true });
  const manifest = path.join(dir, 'package.json');
  if (!fs.existsSync(manifest))
    fs.writeFileSync(manifest, `${JSON.stringify({ name: 'tensorscope-native-backend', private: true }, null, 2)}\n`);
  const abort = new AbortController();
  const cancellation = token.onCancellationRequested(() => abort.abort());
  const node = path.basename(process.execPath).startsWith('node') ? process.execPath : 'node';
  const steps = nativeBackendSteps(process.platform, context.extensionPath, node);
  try {
    for (const step of steps) {
      progress.report({ message: progressMessage(step.kind), increment: 100 / steps.length });
      log.info(`$ ${step.command} ${step.args.join(' ')}  (in ${dir})`);
      await runProcessTree(step.command, step.args, {
        cwd: dir,
        env: { ...process.env, npm_config_yes: 'true' },
        onOutput: (text) => log.info(text.trimEnd()),
        signal: abort.signal,
      });
    }
  } finally {
    cancellation.dispose();
  }
}

export async function installNativeBackend(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
): Promise<boolean> {
  try {
    await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Tensorscope: Install Native Backend'),
        cancellable: true,
      },
      (progress, token) => install(context, log, progress, token),
    );
  } catch (error) {
    if (error instanceof CommandCancelled) {
      log.info('native backend install cancelled; every process it started was ended');
      return false;
    }
    const message = error instanceof Error ? error.message : String(error);
    log.error(`native backend install failed: ${message}`);
    const showOutput = vscode.l10n.t('Show Output');
    const choice = await vscode.window.showErrorMessage(
      vscode.l10n.t(
        'Tensorscope could not install native TensorFlow: {0}. It needs npm and access to Google’s storage (on Linux, or Python 3 with pip and access to PyPI). Training still works on the pure-JS backend.',
        message,
      ),
      showOutput,
    );
    if (choice === showOutput) log.show(true);
    return false;
  }
  void vscode.window.showInformationMessage(
    vscode.l10n.t('Tensorscope: native TensorFlow is installed; the next run uses it.'),
  );
  return true;
}

/**
 * Once per window, when a run trains on pure JS with `backend: auto`: say so and offer the
 * install in one click. "Don't Ask Again" is remembered across windows.
 */
export function offerNativeBackend(context: vscode.ExtensionContext, reason: string): void {
  if (offeredThisWindow || context.globalState.get<boolean>(DECLINED_KEY, false)) return;
  offeredThisWindow = true;
  const installChoice = vscode.l10n.t('Install Native Backend');
  const never = vscode.l10n.t('Don’t Ask Again');
  void vscode.window
    .showWarningMessage(
      vscode.l10n.t('Tensorscope is training on a pure-JavaScript backend: {0}', reason),
      installChoice,
      never,
    )
    .then((choice) => {
      if (choice === installChoice) void vscode.commands.executeCommand('tensorscope.installNativeBackend');
      if (choice === never) void context.globalState.update(DECLINED_KEY, true);
    });
}
