/**
 * Tensorscope: Install Native Backend. People who install the extension from a .vsix get the
 * pure-JS TensorFlow.js; this installs @tensorflow/tfjs-node into the extension's global storage
 * (the official download where it is reachable, else the TensorFlow wheel from PyPI, by the same
 * provisioning script the repository uses), and the trainer finds it there.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const TFJS_NODE = '@tensorflow/tfjs-node@4.22.0';

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

function runLogged(
  command: string,
  args: string[],
  cwd: string,
  log: vscode.LogOutputChannel,
  token: vscode.CancellationToken,
): Promise<void> {
  return new Promise((resolve, reject) => {
    log.info(`$ ${command} ${args.join(' ')}  (in ${cwd})`);
    const child = spawn(command, args, {
      cwd,
      shell: process.platform === 'win32',
      env: { ...process.env, npm_config_yes: 'true' },
    });
    const cancel = token.onCancellationRequested(() => child.kill());
    const forward = (data: Buffer) => log.info(data.toString().trimEnd());
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    child.on('error', (error) => {
      cancel.dispose();
      reject(new Error(`${command} could not start: ${error.message}`));
    });
    child.on('close', (code) => {
      cancel.dispose();
      if (token.isCancellationRequested) reject(new vscode.CancellationError());
      else if (code === 0) resolve();
      else reject(new Error(`${command} ${args[0] ?? ''} exited with code ${code}`));
    });
  });
}

const VERIFY =
  "process.env.TF_CPP_MIN_LOG_LEVEL='3';const tf=require('@tensorflow/tfjs-node');if(tf.getBackend()!=='tensorflow')process.exit(3)";

async function install(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  progress: vscode.Progress<{ message?: string }>,
  token: vscode.CancellationToken,
): Promise<void> {
  const dir = nativeBackendDir(context);
  fs.mkdirSync(dir, { recursive: true });
  const manifest = path.join(dir, 'package.json');
  if (!fs.existsSync(manifest))
    fs.writeFileSync(manifest, `${JSON.stringify({ name: 'tensorscope-native-backend', private: true }, null, 2)}\n`);
  progress.report({ message: `Installing ${TFJS_NODE}…` });
  await runLogged('npm', ['install', TFJS_NODE, '--ignore-scripts', '--no-audit', '--no-fund'], dir, log, token);
  progress.report({ message: 'Providing native TensorFlow (a download of about 270 MB the first time)…' });
  await runLogged('bash', [path.join(context.extensionPath, 'dist', 'provision-tfjs-node.sh')], dir, log, token);
  progress.report({ message: 'Checking that it loads…' });
  await runLogged(process.execPath.endsWith('node') ? process.execPath : 'node', ['-e', VERIFY], dir, log, token);
}

export async function installNativeBackend(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
): Promise<boolean> {
  try {
    await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: 'Tensorscope: Install Native Backend',
        cancellable: true,
      },
      (progress, token) => install(context, log, progress, token),
    );
  } catch (error) {
    if (error instanceof vscode.CancellationError) return false;
    const message = error instanceof Error ? error.message : String(error);
    log.error(`native backend install failed: ${message}`);
    const choice = await vscode.window.showErrorMessage(
      `Tensorscope could not install native TensorFlow: ${message}. It needs npm, and either access to Google's storage or Python 3 with pip and access to PyPI. Training still works on the pure-JS backend.`,
      'Show Output',
    );
    if (choice) log.show(true);
    return false;
  }
  void vscode.window.showInformationMessage('Tensorscope: native TensorFlow is installed; the next run uses it.');
  return true;
}
