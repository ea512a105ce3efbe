/**
 * Run store at scale: builds a run of `--gb` GB (default 1) in the temp folder from the lines of a
 * real trained run (batch, layer_stats and epoch records, steps renumbered), then measures, each
 * in a fresh process and `--repeats` times (default 3):
 *   - `tensorscope export --format csv|tensorboard`: peak RSS (target < 300 MB) and MB/s (≥ 50);
 *   - the loss panel's load (`readRunForView`, the downsampled series the panel shows): time
 *     (target < 2 s) and peak RSS;
 *   - once, in one process as the extension host runs them: the longest the event loop is held
 *     while a view reads the run and while it is exported (the host stays responsive).
 * Prints medians with min–max beside the targets; deletes the run it built.
 *
 *   node esbuild.js && node --import tsx bench/runStore.ts [--gb 1] [--repeats 3] [--keep]
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const TARGET_BYTES = option('gb', 1) * 1024 ** 3;
const REPEATS = option('repeats', 3);

const MODEL = `import * as tf from '@tensorflow/tfjs';
export const config = { epochs: 2, batchSize: 32, learningRate: 0.05, metrics: ['mse'] };
export function createModel() {
  return tf.sequential({ layers: [
    tf.layers.dense({ units: 16, activation: 'relu', inputShape: [2] }),
    tf.layers.dense({ units: 16, activation: 'relu' }),
    tf.layers.dense({ units: 1 }),
  ] });
}
export function loadData() {
  const xs = tf.randomUniform([2048, 2], -1, 1, 'float32', 7);
  return { train: { xs, ys: xs.sum(1, true).mul(2).add(1) }, validation: { xs: xs.slice(0, 64), ys: xs.slice(0, 64).sum(1, true) } };
}
`;

/** A real run, trained by the CLI with the default layer sampling, as the source of realistic lines. */
function trainSample(dir: string): string {
  fs.writeFileSync(path.join(dir, 'model.ts'), MODEL);
  const result = spawnSync(process.execPath, [CLI, 'train', 'model.ts'], { cwd: dir, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`training the sample failed:\n${result.stdout}${result.stderr}`);
  const runs = path.join(dir, '.tensorscope', 'runs');
  return path.join(runs, fs.readdirSync(runs)[0] as string);
}

interface Line {
  type: string;
  step?: number;
  epoch?: number;
}

/** Writes `bytes` of metrics: the sample's pattern of records repeated, steps and epochs continuing. */
function buildRun(sampleDir: string, outDir: string, bytes: number): { lines: number; bytes: number } {
  fs.mkdirSync(outDir, { recursive: true });
  fs.copyFileSync(path.join(sampleDir, 'run.json'), path.join(outDir, 'run.json'));
  const sample = fs
    .readFileSync(path.join(sampleDir, 'metrics.jsonl'), 'utf8')
    .trimEnd()
    .split('\n')
    .map((text) => ({ text, line: JSON.parse(text) as Line }));
  const header = sample.filter(({ line }) => line.type === 'layers').map(({ text }) => text);
  const body = sample.filter(({ line }) => line.type !== 'layers');
  const stepsPerCycle = Math.max(...body.map(({ line }) => line.step ?? 0));
  const epochsPerCycle = Math.max(...body.map(({ line }) => line.epoch ?? 0));
  const fd = fs.openSync(path.join(outDir, 'metrics.jsonl'), 'w');
  let written = 0;
  let lines = 0;
  const write = (text: string) => {
    written += fs.writeSync(fd, text);
  };
  write(`${header.join('\n')}\n`);
  for (let cycle = 0; written < bytes; cycle++) {
    const chunk: string[] = [];
    for (const { text, line } of body) {
      const step = (line.step ?? 0) + cycle * stepsPerCycle;
      const epoch = (line.epoch ?? 0) + cycle * epochsPerCycle;
      chunk.push(text.replace(/"step":\d+/, `"step":${step}`).replace(/"epoch":\d+/, `"epoch":${epoch}`));
    }
    lines += chunk.length;
    write(`${chunk.join('\n')}\n`);
  }
  fs.closeSync(fd);
  return { lines, bytes: written };
}

interface Measured {
  seconds: number;
  /** User + system CPU seconds: on a shared, loaded machine the wall clock mostly measures the others. */
  cpuSeconds: number;
  rssMb: number;
  output: string;
}

/** Runs a node command in a fresh process under /usr/bin/time for its peak RSS. */
function measure(args: string[], cwd: string): Measured {
  const started = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-f', 'MAXRSS_KB=%M CPU_S=%U+%S', process.execPath, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rss = /MAXRSS_KB=(\d+) CPU_S=([\d.]+)\+([\d.]+)/.exec(result.stderr);
  if (result.status !== 0 || !rss) throw new Error(`${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  const cpuSeconds = Number(rss[2]) + Number(rss[3]);
  return { seconds, cpuSeconds, rssMb: Number(rss[1]) / 1024, output: result.stdout.trim() };
}

const PANEL_LOAD = `
const { readRunForView } = require(${JSON.stringify(path.join(ROOT, 'extension', 'runs', 'runOverview.ts'))});
const started = process.hrtime.bigint();
const cpu = process.cpuUsage();
readRunForView(process.argv[1]).then((run) => {
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1e3;
  console.log(JSON.stringify({ ms, cpuMs, batches: run.batches.length, epochs: run.epochs.length, skipped: run.skippedLines }));
});
`;

/** How long the event loop is held at a time while a view reads the run and while it is exported (the host's view). */
const HOST_STALLS = `
const { monitorEventLoopDelay } = require('node:perf_hooks');
const { readRunForView } = require(${JSON.stringify(path.join(ROOT, 'extension', 'runs', 'runOverview.ts'))});
const { exportRun } = require(${JSON.stringify(path.join(ROOT, 'extension', 'runs', 'export', 'exportRun.ts'))});
async function stalls(work) {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  await work();
  delay.disable();
  return { maxMs: delay.max / 1e6, p99Ms: delay.percentile(99) / 1e6 };
}
(async () => {
  const [runDir, outDir] = process.argv.slice(1);
  const view = await stalls(() => readRunForView(runDir));
  const csv = await stalls(() => exportRun({ runDir, format: 'csv', outDir }));
  const tensorboard = await stalls(() => exportRun({ runDir, format: 'tensorboard', outDir }));
  console.log(JSON.stringify({ view, csv, tensorboard }));
})();
`;

function stats(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? NaN;
  return `${median.toFixed(1)} (${(sorted[0] ?? NaN).toFixed(1)}–${(sorted.at(-1) ?? NaN).toFixed(1)})`;
}

function main(): void {
  if (!fs.existsSync(CLI)) throw new Error('dist/ is missing: run `node esbuild.js` first.');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorscope-bench-runstore-'));
  const removeWork = () => {
    if (!process.argv.includes('--keep')) fs.rmSync(work, { recursive: true, force: true });
  };
  process.once('SIGTERM', () => {
    removeWork();
    process.exit(143);
  });
  try {
    const sampleDir = trainSample(work);
    const runDir = path.join(work, 'big-run');
    const builtAt = Date.now();
    const built = buildRun(sampleDir, runDir, TARGET_BYTES);
    const mb = built.bytes / 1024 ** 2;
    console.log(
      `built ${mb.toFixed(0)} MB, ${built.lines.toLocaleString()} lines in ${((Date.now() - builtAt) / 1000).toFixed(1)} s (${runDir})`,
    );
    console.log(
      `load average before: ${os
        .loadavg()
        .map((n) => n.toFixed(1))
        .join(' ')} on ${os.cpus().length} cores`,
    );
    const rows: string[] = [];
    const panel: { ms: number; cpuMs: number; rssMb: number; batches: number }[] = [];
    for (let i = 0; i < REPEATS; i++) {
      const run = measure(['--import', 'tsx', '-e', PANEL_LOAD, runDir], ROOT);
      const parsed = JSON.parse(run.output) as { ms: number; cpuMs: number; batches: number };
      panel.push({ ms: parsed.ms, cpuMs: parsed.cpuMs, rssMb: run.rssMb, batches: parsed.batches });
      console.log(
        `  panel load ${(parsed.ms / 1000).toFixed(2)} s (its CPU ${(parsed.cpuMs / 1000).toFixed(2)} s; process CPU ${run.cpuSeconds.toFixed(2)} s with tsx's start), ${parsed.batches} batch points, RSS ${run.rssMb.toFixed(0)} MB`,
      );
    }
    for (const format of ['csv', 'tensorboard']) {
      const runs: Measured[] = [];
      for (let i = 0; i < REPEATS; i++) {
        const out = path.join(work, `out-${format}`);
        runs.push(measure([CLI, 'export', runDir, '--format', format, '--out', out], work));
        fs.rmSync(out, { recursive: true, force: true });
      }
      console.log(`export ${format}: ${runs[0]?.output.split('\n')[0]}`);
      rows.push(
        `export ${format.padEnd(11)} | RSS MB ${stats(runs.map((r) => r.rssMb))} (target < 300) | MB/s ${stats(runs.map((r) => mb / r.seconds))} wall, ${stats(runs.map((r) => mb / r.cpuSeconds))} per CPU-second (target ≥ 50) | s ${stats(runs.map((r) => r.seconds))}`,
      );
      console.log(`  ${rows.at(-1)}`);
    }
    const held = JSON.parse(
      measure(['--import', 'tsx', '-e', HOST_STALLS, runDir, path.join(work, 'out-stalls')], ROOT).output,
    ) as Record<string, { maxMs: number; p99Ms: number }>;
    rows.push(
      `event loop held at most (p99), in one process: ${Object.entries(held)
        .map(([what, { maxMs, p99Ms }]) => `${what} ${maxMs.toFixed(0)} ms (${p99Ms.toFixed(0)} ms)`)
        .join(', ')}`,
    );
    console.log(`  ${rows.at(-1)}`);
    rows.push(
      `panel load (downsampled to ${panel[0]?.batches} batch points) | s ${stats(panel.map((p) => p.ms / 1000))} wall, ${stats(panel.map((p) => p.cpuMs / 1000))} CPU (target < 2) | RSS MB ${stats(panel.map((p) => p.rssMb))} (with tsx)`,
    );
    console.log(
      `\nmedian (min–max) of ${REPEATS} runs, each in a fresh process; load average after: ${os
        .loadavg()
        .map((n) => n.toFixed(1))
        .join(' ')}`,
    );
    for (const row of rows) console.log(`  ${row}`);
  } finally {
    removeWork();
  }
}

main();
