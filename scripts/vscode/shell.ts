/**
 * Small process helpers shared by the code-server provisioning, `npm start` and the e2e tests.
 */
import { spawn, spawnSync, type SpawnOptions } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';

export function log(message: string): void {
  console.error(`[tensorscope] ${message}`);
}

/** Where Tensorscope keeps machine-wide downloads and builds (never inside the repository). */
export function cacheRoot(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'tensorscope');
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Print the command's output as it runs instead of keeping it for the error message. */
  inherit?: boolean;
}

const OUTPUT_TAIL_CHARS = 4000;

/** Runs a command to completion; rejects with the command line and the tail of its output. */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
  const spawnOptions: SpawnOptions = {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: options.inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'],
  };
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, spawnOptions);
    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) {
        resolve(output);
        return;
      }
      const where = options.cwd ? ` (in ${options.cwd})` : '';
      const status = signal ? `signal ${signal}` : `exit code ${code}`;
      reject(new Error(`\`${[command, ...args].join(' ')}\`${where} failed with ${status}\n${output}`));
    });
  });
}

/** True when `command` is an executable on PATH. */
export function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function isDebInstalled(name: string): boolean {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

/** Installs the Debian packages that are missing (a no-op taking milliseconds when none is). */
export async function ensureDebPackages(names: readonly string[]): Promise<void> {
  const missing = names.filter((name) => !isDebInstalled(name));
  if (missing.length === 0) return;
  if (!onPath('apt-get')) {
    throw new Error(`Missing system packages: ${missing.join(', ')}. Install them with your package manager.`);
  }
  const isRoot = process.getuid?.() === 0;
  if (!isRoot && !onPath('sudo')) {
    throw new Error(
      `Missing system packages: ${missing.join(', ')}; run as root: apt-get install -y ${missing.join(' ')}`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args: string[]): Promise<string> =>
    isRoot ? run('apt-get', args, { env }) : run('sudo', ['apt-get', ...args], { env });
  log(`installing ${missing.join(', ')} with apt-get...`);
  await apt(['update']);
  await apt(['install', '-y', ...missing]);
}

/** Sends `signal` to a whole process group started with `detached: true`; ignores a group already gone. */
export function killProcessGroup(pid: number | undefined, signal: NodeJS.Signals = 'SIGTERM'): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
