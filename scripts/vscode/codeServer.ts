/**
 * code-server (VS Code's own server and web workbench, from the npm registry): a real VS Code on
 * machines that cannot download the desktop build. Provisioning follows `shared/notes/code-server.md`:
 * the package's install scripts download ripgrep from GitHub and fail there, so they are skipped and
 * the native modules are rebuilt against Node's headers instead. The result is cached outside the
 * repository and stamped, so a second run costs a stat call.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { cacheRoot, ensureDebPackages, killProcessGroup, log, run } from './shell';

export const CODE_SERVER_VERSION = '4.100.3';

/** System packages code-server's native modules and the e2e browser need (Debian names). */
export const CODE_SERVER_DEB_PACKAGES = ['libkrb5-dev', 'ripgrep', 'chromium'] as const;

const NATIVE_MODULES = [
  'kerberos',
  'node-pty',
  '@parcel/watcher',
  '@vscode/spdlog',
  'native-watchdog',
  '@vscode/deviceid',
];
const STAMP_FILE = '.tensorscope-provisioned';

export function codeServerDir(): string {
  return path.join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}`);
}

function entryScript(root: string): string {
  return path.join(root, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/** The stamp records the Node ABI, because the native modules were built for it. */
function stampContent(): string {
  return `code-server ${CODE_SERVER_VERSION} node-abi ${process.versions.modules}\n`;
}

function isProvisioned(root: string): boolean {
  try {
    return fs.readFileSync(path.join(root, STAMP_FILE), 'utf8') === stampContent() && fs.existsSync(entryScript(root));
  } catch {
    return false;
  }
}

function npmEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    npm_config_yes: 'true',
    npm_config_unsafe_perm: 'true',
    npm_config_nodedir: process.env.npm_config_nodedir || '/usr',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
}

async function buildInto(root: string): Promise<void> {
  const env = npmEnv();
  const npm = (cwd: string, ...args: string[]): Promise<string> => run('npm', args, { cwd, env });
  const vscodeDir = path.join(root, 'node_modules', 'code-server', 'lib', 'vscode');

  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(path.join(root, 'package.json'), '{ "name": "tensorscope-code-server", "private": true }\n');
  log(`installing code-server ${CODE_SERVER_VERSION} (skipping its download scripts)...`);
  await npm(root, 'install', `code-server@${CODE_SERVER_VERSION}`, '--ignore-scripts', '--no-save');

  log("installing VS Code's own dependencies and rebuilding its native modules...");
  await npm(vscodeDir, 'install', '--omit=dev', '--ignore-scripts');
  const rgTarget = path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
  fs.mkdirSync(path.dirname(rgTarget), { recursive: true });
  fs.copyFileSync('/usr/bin/rg', rgTarget);
  fs.chmodSync(rgTarget, 0o755);
  await npm(vscodeDir, 'rebuild', ...NATIVE_MODULES);
  fs.symlinkSync('node_modules', path.join(vscodeDir, 'node_modules.asar'));

  log('installing the built-in extensions...');
  await npm(path.join(vscodeDir, 'extensions'), 'install', '--omit=dev', '--ignore-scripts');
  await npm(root, 'rebuild', 'argon2');
  fs.writeFileSync(path.join(root, STAMP_FILE), stampContent());
}

/**
 * Makes sure code-server is installed and returns the folder that holds it. Builds in a private
 * staging folder and renames it into place, so an interrupted or concurrent run never leaves a
 * half-built cache behind.
 */
export async function provisionCodeServer(): Promise<string> {
  const root = codeServerDir();
  await ensureDebPackages(CODE_SERVER_DEB_PACKAGES);
  if (isProvisioned(root)) return root;

  const staging = `${root}.staging-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    await buildInto(staging);
    fs.rmSync(root, { recursive: true, force: true });
    fs.renameSync(staging, root);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  if (!isProvisioned(root)) throw new Error(`code-server provisioning did not complete in ${root}`);
  return root;
}

/** The folders one code-server instance keeps its state in. */
export interface CodeServerProfile {
  userDataDir: string;
  extensionsDir: string;
}

/** Installs a packaged extension (a folder dropped into the extensions dir is ignored). */
export async function installVsix(root: string, profile: CodeServerProfile, vsixPath: string): Promise<void> {
  await run(process.execPath, [
    entryScript(root),
    '--user-data-dir',
    profile.userDataDir,
    '--extensions-dir',
    profile.extensionsDir,
    '--install-extension',
    vsixPath,
    '--force',
  ]);
}

/** Merges `settings` into the profile's user settings.json. */
export function writeUserSettings(profile: CodeServerProfile, settings: Record<string, unknown>): void {
  const file = path.join(profile.userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const current = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  fs.writeFileSync(file, `${JSON.stringify({ ...current, ...settings }, null, 2)}\n`);
}

function isPortFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** The first free port at or after `preferred`. */
export async function findFreePort(preferred: number, host = '127.0.0.1'): Promise<number> {
  for (let port = preferred; port < preferred + 100; port++) {
    if (await isPortFree(port, host)) return port;
  }
  throw new Error(`No free port in ${preferred}-${preferred + 99} on ${host}`);
}

export interface StartOptions {
  profile: CodeServerProfile;
  folder: string;
  port: number;
  host?: string;
  /** Extra environment for the server (e.g. XDG_* pointed at a test's temp folder). */
  env?: NodeJS.ProcessEnv;
  /** Where the server's stdout/stderr go; inherited when omitted. */
  logFile?: string;
}

export interface RunningCodeServer {
  url: string;
  process: ChildProcess;
  /** Kills the server's whole process group (extension host, trainer children, ...) and waits for it. */
  stop(): Promise<void>;
}

async function waitUntilServing(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with code ${child.exitCode} before serving`);
    try {
      const response = await fetch(`${url}healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`code-server did not answer at ${url} within ${timeoutMs / 1000} s`);
}

function openLog(logFile: string | undefined): 'inherit' | number {
  if (!logFile) return 'inherit';
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  return fs.openSync(logFile, 'a');
}

/** Starts code-server in its own process group and resolves once it answers HTTP. */
export async function startCodeServer(root: string, options: StartOptions): Promise<RunningCodeServer> {
  const host = options.host ?? '127.0.0.1';
  const url = `http://${host}:${options.port}/`;
  const output = openLog(options.logFile);
  const args = [
    entryScript(root),
    '--auth',
    'none',
    '--bind-addr',
    `${host}:${options.port}`,
    '--user-data-dir',
    options.profile.userDataDir,
    '--extensions-dir',
    options.profile.extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    options.folder,
  ];
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', output, output],
    env: { ...process.env, ...options.env },
  });
  if (typeof output === 'number') fs.closeSync(output);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // The detached group would outlive this process: make it die with it, however it exits.
  const killOnExit = (): void => killProcessGroup(child.pid, 'SIGKILL');
  process.once('exit', killOnExit);
  const stop = async (): Promise<void> => {
    process.off('exit', killOnExit);
    killProcessGroup(child.pid, 'SIGTERM');
    const killed = await Promise.race([
      exited.then(() => true),
      sleep(5000, undefined, { ref: false }).then(() => false),
    ]);
    if (!killed) killProcessGroup(child.pid, 'SIGKILL');
    // Children that outlive the server (the extension host, a trainer) are in the same group.
    killProcessGroup(child.pid, 'SIGKILL');
  };
  try {
    await waitUntilServing(url, child, 30_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, process: child, stop };
}
