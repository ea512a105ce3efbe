/**
 * Runs an installer command (npm, pip, a compiler under them) whose children must all stop when
 * the user cancels: on POSIX the command leads its own process group and cancel ends its whole
 * tree (SIGTERM, then SIGKILL after a grace period; the supervisor's kill-tree); on Windows
 * `taskkill /T /F` ends the tree.
 */
import { spawn } from 'node:child_process';
import { terminateProcessTree } from '../supervisor/processTree';

const GRACE_MS = 3000;
/** On Windows a detached child gets a console of its own and there are no process groups. */
const LEADS_GROUP = process.platform !== 'win32';

export interface TreeRunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Each chunk of the command's stdout and stderr. */
  onOutput?(text: string): void;
  /** Aborting it ends the command and every process it started. */
  signal?: AbortSignal;
}

export class CommandCancelled extends Error {
  constructor(command: string) {
    super(`${command} was cancelled`);
  }
}

/** Runs `command` to completion: resolves on exit code 0, rejects otherwise or when cancelled. */
export function runProcessTree(command: string, args: readonly string[], options: TreeRunOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new CommandCancelled(command));
      return;
    }
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: LEADS_GROUP,
      shell: process.platform === 'win32',
      windowsHide: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const cancel = (): void => {
      if (child.pid !== undefined) terminateProcessTree(child.pid, LEADS_GROUP, GRACE_MS);
    };
    options.signal?.addEventListener('abort', cancel, { once: true });
    const forward = (data: Buffer): void => options.onOutput?.(data.toString());
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    child.on('error', (error) => {
      options.signal?.removeEventListener('abort', cancel);
      reject(new Error(`${command} could not start: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      options.signal?.removeEventListener('abort', cancel);
      if (options.signal?.aborted) reject(new CommandCancelled(command));
      else if (code === 0) resolve();
      else reject(new Error(`${[command, ...args.slice(0, 1)].join(' ')} exited with ${signal ?? `code ${code}`}`));
    });
  });
}
