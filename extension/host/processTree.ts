/**
 * Runs an installer command (npm, pip, a compiler under them) whose children must all stop when
 * the user cancels: on POSIX the command leads its own process group and cancel signals the whole
 * group (SIGTERM, then SIGKILL after a grace period); on Windows `taskkill /T` ends the tree.
 */
import { spawn, spawnSync } from 'node:child_process';

const GRACE_MS = 3000;

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

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Ends the process tree led by `pid` (a group leader on POSIX). */
export function killProcessTree(pid: number): void {
  if (process.platform === 'win32') {
    spawnSync('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
    return;
  }
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return; // already gone
  }
  const deadline = setTimeout(() => {
    if (groupAlive(pid)) process.kill(-pid, 'SIGKILL');
  }, GRACE_MS);
  deadline.unref();
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
      detached: process.platform !== 'win32',
      shell: process.platform === 'win32',
      windowsHide: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const cancel = (): void => {
      if (child.pid !== undefined) killProcessTree(child.pid);
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
