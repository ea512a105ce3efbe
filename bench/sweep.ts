/**
 * Sweep benchmark: the spiral example as a 16-trial random sweep (learning rate on a log scale,
 * hidden width), through the real CLI, side by side in one run:
 *   - --parallel 1 (one trainer, 2 threads) against --parallel 2 (two trainers, 1 thread each): wall time;
 *   - ASHA against every trial to the end (the same 16 trials, same seed): wall time and best val_loss;
 *   - with --ray: the same sweep as Ray jobs on a local head (started and stopped here) against the
 *     local executor at the same parallelism: seconds per trial.
 * Usage: node --import tsx bench/sweep.ts [--repeats N] [--epochs N] [--ray] [--out FILE]
 * Prints a table and writes bench/results/sweep.json. Wall times on a shared machine are noisy:
 * each configuration runs `repeats` times, round-robin, and the median and range are reported.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SweepRecord } from '../extension/protocol/sweep';
import { listSweepDirs, readSweep } from '../extension/sweep/sweepStore';
import { SPIRAL_SWEEP, spiralSweepModel } from '../test/fixtures/spiralSweep';

const REPO = path.resolve(__dirname, '..');
const CLI = path.join(REPO, 'dist', 'cli.js');
const RAY = path.join(
  process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'),
  'tensorscope',
  'ray-venv',
  'bin',
  'ray',
);
const RAY_ADDRESS = 'http://127.0.0.1:8265';

interface Options {
  repeats: number;
  epochs: number;
  ray: boolean;
  out: string;
}

function parseOptions(argv: string[]): Options {
  const value = (flag: string) => argv[argv.indexOf(flag) + 1];
  return {
    repeats: argv.includes('--repeats') ? Number(value('--repeats')) : 1,
    epochs: argv.includes('--epochs') ? Number(value('--epochs')) : 8,
    ray: argv.includes('--ray'),
    out: argv.includes('--out') ? (value('--out') ?? '') : path.join(REPO, 'bench', 'results', 'sweep.json'),
  };
}

interface Config {
  name: string;
  asha: boolean;
  args: string[];
}

interface Measured {
  wallSeconds: number;
  bestValLoss: number | null;
  meanTrialSeconds: number;
  states: Record<string, number>;
  loadBefore: number;
}

const NO_EARLY_STOPPING = SPIRAL_SWEEP.replace(/\n\s*earlyStopping: .*\n/, '\n');

function runSweep(config: Config, epochs: number): Measured {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorscope-bench-sweep-'));
  try {
    fs.writeFileSync(path.join(dir, 'model.ts'), spiralSweepModel(config.asha ? SPIRAL_SWEEP : NO_EARLY_STOPPING));
    const loadBefore = os.loadavg()[0] ?? 0;
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [CLI, 'sweep', 'model.ts', '--epochs', String(epochs), ...config.args], {
      cwd: dir,
      encoding: 'utf8',
    });
    const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0)
      throw new Error(`${config.name} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
    const record: SweepRecord = readSweep(listSweepDirs(dir)[0] as string);
    const durations = record.trials.map((t) => (Date.parse(t.endedAt ?? '') - Date.parse(t.startedAt ?? '')) / 1000);
    const states: Record<string, number> = {};
    for (const t of record.trials) states[t.state] = (states[t.state] ?? 0) + 1;
    return {
      wallSeconds,
      bestValLoss: record.best?.metric ?? null,
      meanTrialSeconds: durations.reduce((a, b) => a + b, 0) / durations.length,
      states,
      loadBefore,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function startRay(): () => void {
  if (!fs.existsSync(RAY))
    throw new Error(`--ray needs ${RAY}: run npm run test:cluster once (it installs ray[default] there)`);
  const temp = fs.mkdtempSync('/tmp/tsray.');
  const stop = () => {
    spawnSync(RAY, ['stop', '--force'], { stdio: 'ignore' });
    fs.rmSync(temp, { recursive: true, force: true });
  };
  process.once('exit', stop);
  execFileSync(
    RAY,
    [
      'start',
      '--head',
      '--node-ip-address',
      '127.0.0.1',
      '--port',
      '6380',
      '--dashboard-host',
      '127.0.0.1',
      '--dashboard-port',
      '8265',
      '--include-dashboard',
      'true',
      '--temp-dir',
      temp,
      '--disable-usage-stats',
    ],
    { stdio: 'ignore', env: { ...process.env, RAY_USAGE_STATS_ENABLED: '0' } },
  );
  for (let i = 0; i < 60; i++) {
    const probe = `fetch('${RAY_ADDRESS}/api/version').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`;
    if (spawnSync(process.execPath, ['-e', probe]).status === 0) return stop;
    execFileSync('sleep', ['1']);
  }
  stop();
  throw new Error('the Ray head did not come up');
}

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  if (!fs.existsSync(CLI)) throw new Error('dist/cli.js is missing: run node esbuild.js first');
  const configs: Config[] = [
    { name: 'parallel 1 (2 threads), no early stopping', asha: false, args: ['--parallel', '1'] },
    { name: 'parallel 2 (1 thread each), no early stopping', asha: false, args: ['--parallel', '2'] },
    { name: 'parallel 2, ASHA (minEpochs 2, η 2)', asha: true, args: ['--parallel', '2'] },
  ];
  const stopRay = options.ray ? startRay() : undefined;
  if (options.ray)
    configs.push({
      name: 'parallel 2, no early stopping, Ray jobs',
      asha: false,
      args: ['--parallel', '2', '--executor', 'ray', '--address', RAY_ADDRESS],
    });
  const runs = new Map<string, Measured[]>(configs.map((c) => [c.name, []]));
  for (let pass = 0; pass < options.repeats; pass++) {
    for (const config of configs) {
      const measured = runSweep(config, options.epochs);
      runs.get(config.name)?.push(measured);
      console.log(
        `pass ${pass + 1} ${config.name}: ${measured.wallSeconds.toFixed(1)} s, best val_loss ${measured.bestValLoss?.toFixed(4)}, ${JSON.stringify(measured.states)}, load ${measured.loadBefore.toFixed(1)}`,
      );
    }
  }
  stopRay?.();
  const summary = configs.map((config) => {
    const measured = runs.get(config.name) ?? [];
    const walls = measured.map((m) => m.wallSeconds);
    return {
      name: config.name,
      wallSeconds: { median: median(walls), min: Math.min(...walls), max: Math.max(...walls) },
      meanTrialSeconds: median(measured.map((m) => m.meanTrialSeconds)),
      runs: measured.map((m) => ({ wallSeconds: m.wallSeconds, meanTrialSeconds: m.meanTrialSeconds })),
      bestValLoss: measured.map((m) => m.bestValLoss),
      states: measured.map((m) => m.states),
      loadBefore: measured.map((m) => m.loadBefore),
    };
  });
  const wall = (i: number) => summary[i]?.wallSeconds.median ?? Number.NaN;
  const ratios = {
    parallel2_vs_parallel1_wall: wall(1) / wall(0),
    asha_vs_all_to_the_end_wall: wall(2) / wall(1),
    ...(options.ray && {
      ray_vs_local_seconds_per_trial:
        (summary[3]?.meanTrialSeconds ?? Number.NaN) / (summary[1]?.meanTrialSeconds ?? Number.NaN),
      ray_vs_local_wall: wall(3) / wall(1),
    }),
  };
  console.log('\n| configuration | wall s (median, range) | s per trial | best val_loss |');
  console.log('|---|---|---|---|');
  for (const s of summary)
    console.log(
      `| ${s.name} | ${s.wallSeconds.median.toFixed(1)} (${s.wallSeconds.min.toFixed(1)}–${s.wallSeconds.max.toFixed(1)}) | ${s.meanTrialSeconds.toFixed(1)} | ${s.bestValLoss.map((v) => v?.toFixed(4)).join(', ')} |`,
    );
  console.log(`\nratios: ${JSON.stringify(ratios, null, 2)}`);
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30) },
    note: 'A machine shared with other work: wall times are noisy; see loadBefore (1-minute load average before each run).',
    settings: { trials: 16, epochs: options.epochs, repeats: options.repeats, sweep: SPIRAL_SWEEP },
    summary,
    ratios,
  };
  if (options.out) {
    fs.mkdirSync(path.dirname(options.out), { recursive: true });
    fs.writeFileSync(options.out, `${JSON.stringify(result, null, 2)}\n`);
  }
}

main();
