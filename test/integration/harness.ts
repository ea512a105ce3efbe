/** Shared helpers for the trainer integration tests: real CLI runs on real files in temp folders. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { TrainerProcess } from '../../extension/supervisor/trainerProcess';
import type { TrainerCommand, TrainerToHost, TrainOptions } from '../../extension/protocol/trainerMessages';
import { listRunDirs, readRun, type RunContents } from '../../extension/runs/runReader';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
export const TRAINER = path.join(REPO_ROOT, 'dist', 'trainer.js');

export function assertBuilt(): void {
  if (!fs.existsSync(CLI) || !fs.existsSync(TRAINER))
    throw new Error('dist/ is missing: run `node esbuild.js` first (npm test does).');
}

const madeFolders: string[] = [];
process.once('exit', () => {
  for (const dir of madeFolders) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder with no package.json and no node_modules, holding the given files; removed when the tests end. */
export function bareFolder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorscope-it-'));
  madeFolders.push(dir);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], cwd: string): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 240_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The CLI as a child to signal while it runs, with its stdout and stderr so far. */
export function startCli(args: string[], cwd: string): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (data: Buffer) => (output += data.toString()));
  child.stderr?.on('data', (data: Buffer) => (output += data.toString()));
  return { child, output: () => output };
}

export function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

export function onlyRun(workspaceDir: string): RunContents {
  const dirs = listRunDirs(workspaceDir);
  if (dirs.length !== 1) throw new Error(`expected one run in ${workspaceDir}, found ${dirs.length}`);
  const run = readRun(dirs[0] as string);
  if (!run) throw new Error(`unreadable run in ${dirs[0]}`);
  return run;
}

/** Forks the built trainer as the extension does, collecting its (validated) messages, and starts training `model.ts`. */
export interface StartOptions {
  /** The file to train, in `dir` (default model.ts). */
  file?: string;
  /** Node flags for the trainer, e.g. a small heap. */
  execArgv?: string[];
  /** Train options beyond the backend. */
  options?: Partial<TrainOptions>;
  /** Default train. */
  command?: TrainerCommand;
  /** Default 60 s. */
  hungTimeoutMs?: number;
  onStderr?(text: string): void;
}

/** Forks the real trainer, as the extension does, and starts training `dir/file`. */
export function startTrainer(dir: string, received: TrainerToHost[], start: StartOptions = {}): TrainerProcess {
  const trainer = new TrainerProcess({
    trainerScript: TRAINER,
    cwd: dir,
    execArgv: start.execArgv ?? [],
    hungTimeoutMs: start.hungTimeoutMs ?? 60_000,
    onMessage: (message) => received.push(message),
    onInvalidMessage: (error) => assert.fail(`invalid message: ${error}`),
    ...(start.onStderr && { onStderr: start.onStderr }),
  });
  trainer.send({
    type: 'start',
    command: start.command ?? 'train',
    modelFile: path.join(dir, start.file ?? 'model.ts'),
    options: { backend: 'auto', ...start.options },
  });
  return trainer;
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A small regression model in the module-mode contract, importing only @tensorflow/tfjs. */
export const TINY_MODEL = `import * as tf from '@tensorflow/tfjs';

export const config = { epochs: 4, batchSize: 32, learningRate: 0.05 };

export function createModel(): tf.LayersModel {
  return tf.sequential({
    layers: [tf.layers.dense({ units: 16, activation: 'relu', inputShape: [2] }), tf.layers.dense({ units: 1 })],
  });
}

export function loadData() {
  const xs = tf.randomUniform([512, 2], -1, 1, 'float32', 7);
  const ys = xs.sum(1, true).mul(2).add(1);
  return { train: { xs, ys }, validation: { xs: xs.slice(0, 64), ys: ys.slice(0, 64) } };
}
`;
