/**
 * Activation cost: how long loading dist/extension.js and running its `activate` take, and what
 * file I/O activation does, in a workspace of a plain TypeScript project that also holds a recorded
 * run with a large metrics.jsonl (which activation must not read). Goal: ≤ 50 ms in all, no I/O.
 *
 * Each sample is a fresh Node process (a cold module cache, as in a new extension host). The
 * `vscode` API is a stand-in: a few real pieces (events, disposables, URIs, settings defaults,
 * the workspace folder) and an inert object for the rest, so what is timed is Tensorscope's own
 * code; VS Code's own cost of starting an extension is not in it.
 *
 *   node esbuild.js && node --import tsx bench/activation.ts [samples]
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { saveResults } from './memory.pipeline';

const SAMPLES = Number(process.argv[2] ?? 15);
const GOAL_MS = 50;
const ROOT = path.resolve(__dirname, '..');

/** A TypeScript project with one old run whose metrics.jsonl is large (about 5 MB). */
function workspaceWithARecordedRun(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorscope-activation-'));
  fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"plain-ts","private":true}\n');
  fs.writeFileSync(path.join(dir, 'index.ts'), 'export const answer = 42;\n');
  const run = path.join(dir, '.tensorscope', 'runs', '20260101-000000-model-abcd');
  fs.mkdirSync(run, { recursive: true });
  const runInfo = {
    formatVersion: 1,
    runId: path.basename(run),
    status: 'completed',
    command: 'train',
    modelFile: path.join(dir, 'model.ts'),
    startedAt: '2026-01-01T00:00:00.000Z',
    endedAt: '2026-01-01T01:00:00.000Z',
    pid: 1,
    hostname: os.hostname(),
    config: null,
    backend: null,
    error: null,
  };
  fs.writeFileSync(path.join(run, 'run.json'), JSON.stringify(runInfo));
  const batch = (step: number) =>
    JSON.stringify({ type: 'batch', epoch: 1, batch: step - 1, step, time: step, loss: 1 / step });
  fs.writeFileSync(
    path.join(run, 'metrics.jsonl'),
    `${Array.from({ length: 60_000 }, (_, i) => batch(i + 1)).join('\n')}\n`,
  );
  return dir;
}

/** Runs in the child: the stand-in `vscode`, the fs counters, then require + activate, timed. */
const CHILD = String.raw`
const Module = require('node:module');
const fs = require('node:fs');
const { performance } = require('node:perf_hooks');
const [extensionPath, workspace] = process.argv.slice(1);

class EventEmitter {
  listeners = [];
  event = (listener) => { this.listeners.push(listener); return { dispose() {} }; };
  fire(value) { for (const listener of this.listeners) listener(value); }
  dispose() {}
}
class Disposable { constructor(fn) { this.fn = fn; } dispose() { this.fn?.(); } static from() { return new Disposable(); } }
const uri = (fsPath) => ({ scheme: 'file', fsPath, path: fsPath, toString: () => 'file://' + fsPath, with: () => uri(fsPath) });
const Uri = { file: uri, joinPath: (base, ...parts) => uri([base.fsPath, ...parts].join('/')), parse: (text) => uri(text) };
/** Every other part of the API: callable, constructible, and inert. */
function inert(name) {
  return new Proxy(function () {}, {
    get: (_target, key) => {
      if (key === 'then') return undefined;
      if (key === Symbol.iterator) return function* () {};
      if (key === Symbol.toPrimitive) return () => name;
      return inert(name + '.' + String(key));
    },
    set: () => true,
    apply: () => inert(name + '()'),
    construct: () => inert('new ' + name),
  });
}
const folder = { uri: uri(workspace), name: 'plain-ts', index: 0 };
const overrides = {
  EventEmitter, Disposable, Uri,
  workspace: {
    workspaceFolders: [folder], isTrusted: true, textDocuments: [],
    getWorkspaceFolder: () => folder,
    getConfiguration: () => ({ get: (_key, fallback) => fallback, has: () => false, inspect: () => undefined, update: async () => {} }),
  },
  window: { activeTextEditor: undefined, visibleTextEditors: [] },
  env: { language: 'en' },
  l10n: { t: (message, ...args) => typeof message === 'string' ? message.replace(/\{(\d+)\}/g, (_m, i) => String(args[Number(i)])) : message.message },
};
function withOverrides(name, real) {
  return new Proxy(real ?? {}, {
    get: (target, key) => (key in target ? target[key] : inert(name + '.' + String(key))),
  });
}
// esbuild's interop copies the module's own keys, so every name the bundle uses must be one.
const used = fs.readFileSync(extensionPath + '/dist/extension.js', 'utf8').matchAll(/\bvscode\d*\.(\w+)/g);
const vscode = {};
for (const [, key] of used)
  vscode[key] = key in overrides
    ? (typeof overrides[key] === 'object' && !Array.isArray(overrides[key]) ? withOverrides(key, overrides[key]) : overrides[key])
    : inert(key);
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) { return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest); };
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode };

const io = [];
let counting = false;
for (const name of Object.keys(fs)) {
  const original = fs[name];
  if (typeof original !== 'function' || /^[A-Z]/.test(name) || name === 'realpathSync') continue;
  fs[name] = function (...args) {
    if (counting) io.push(name + ' ' + String(args[0]));
    return original.apply(this, args);
  };
}

const context = {
  subscriptions: [], extensionUri: uri(extensionPath), extensionPath,
  globalStorageUri: uri('/tmp/tensorscope-activation-storage'), storageUri: undefined,
  workspaceState: { get: (_k, fallback) => fallback, update: async () => {} },
  globalState: { get: (_k, fallback) => fallback, update: async () => {}, setKeysForSync() {} },
  extension: { packageJSON: {} }, logUri: uri('/tmp'),
};
const cpuMs = () => { const { user, system } = process.cpuUsage(); return (user + system) / 1000; };
const [start, startCpu] = [performance.now(), cpuMs()];
const extension = require(extensionPath + '/dist/extension.js');
const [loaded, loadedCpu] = [performance.now(), cpuMs()];
counting = true;
extension.activate(context);
counting = false;
const [activated, activatedCpu] = [performance.now(), cpuMs()];
process.stdout.write(JSON.stringify({
  loadMs: loaded - start, activateMs: activated - loaded, cpuMs: activatedCpu - startCpu, io,
}));
`;

interface Sample {
  loadMs: number;
  activateMs: number;
  /** CPU time of load + activate: less sensitive than wall time to the other processes on the machine. */
  cpuMs: number;
  io: string[];
}

function sample(workspace: string): Sample {
  const child = spawnSync(process.execPath, ['-e', CHILD, ROOT, workspace], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`activation failed:\n${child.stderr}`);
  return JSON.parse(child.stdout) as Sample;
}

function stats(values: number[]): { median: number; min: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (value: number) => Number(value.toFixed(1));
  return {
    median: round(sorted[Math.floor(sorted.length / 2)] ?? NaN),
    min: round(sorted[0] ?? NaN),
    max: round(sorted[sorted.length - 1] ?? NaN),
  };
}

function main(): void {
  const workspace = workspaceWithARecordedRun();
  try {
    sample(workspace); // warm the OS file cache, as a real window has
    const samples = Array.from({ length: SAMPLES }, () => sample(workspace));
    const load = stats(samples.map((s) => s.loadMs));
    const activate = stats(samples.map((s) => s.activateMs));
    const total = stats(samples.map((s) => s.loadMs + s.activateMs));
    const cpu = stats(samples.map((s) => s.cpuMs));
    const io = samples[0]?.io ?? [];
    const loadavg = os.loadavg()[0]?.toFixed(2);
    console.log(
      `activation, ${SAMPLES} fresh processes (1-minute load average ${loadavg} on ${os.cpus().length} cores)`,
    );
    console.log('                       median     min     max');
    for (const [name, value] of [
      ['load dist/extension.js', load],
      ['activate()', activate],
      ['total', total],
      ['total, CPU time', cpu],
    ] as const)
      console.log(
        `  ${name.padEnd(22)} ${value.median.toFixed(1).padStart(6)} ms ${value.min.toFixed(1).padStart(6)} ${value.max.toFixed(1).padStart(7)}`,
      );
    console.log(
      `  ÷ goal (${GOAL_MS} ms): wall ${(total.median / GOAL_MS).toFixed(2)}, CPU ${(cpu.median / GOAL_MS).toFixed(2)}` +
        ' (wall time includes waiting for the CPU on a loaded machine)',
    );
    console.log(`  file system calls during activate(): ${io.length}${io.length ? `\n    ${io.join('\n    ')}` : ''}`);
    saveResults('activation', {
      samples: SAMPLES,
      loadavg_1m: Number(loadavg),
      load_ms: load,
      activate_ms: activate,
      total_ms: total,
      total_cpu_ms: cpu,
      goal_ms: GOAL_MS,
      total_vs_goal_ratio: Number((total.median / GOAL_MS).toFixed(2)),
      cpu_vs_goal_ratio: Number((cpu.median / GOAL_MS).toFixed(2)),
      fs_calls_during_activate: io,
    });
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main();
