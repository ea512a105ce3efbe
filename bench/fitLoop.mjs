// Script mode's cost per fit call: a script that calls `model.fit` in a loop, one epoch per call
// (as text generation, RL and GAN scripts do), run under plain `node` with tfjs-node and under
// `node dist/cli.js train script.js`. The script times each of its own fit calls
// (performance.now() around the await), so both sides measure the same thing: whatever
// Tensorscope does before, during and after a call counts. The first calls are a warm-up (the
// compiled step's graph build falls in them) and are left out; per run the median seconds per
// call, then the median over runs with [min–max]. Under Tensorscope a preload counts the
// checkpoint folders written and the step graphs built (test/fixtures/countTrainerWrites.cjs).
// `--grow`: call i trains on `samples + i` samples (a replay buffer that grows), so the epoch's last
// batch has another size in every call.
// `--cli PATH`: another build's dist/cli.js (main before a change, say).
//
// Usage: node esbuild.js && node bench/fitLoop.mjs [--repeats N] [--calls N] [--samples N] [--batch N] [--grow]
//        [--cli PATH]
import { spawnSync } from 'node:child_process';
import console from 'node:console';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { median } from './lib/stats.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const COUNTER = join(ROOT, 'test', 'fixtures', 'countTrainerWrites.cjs');
const WARMUP_CALLS = 10;
const THREADS = { TF_NUM_INTRAOP_THREADS: '2', TF_NUM_INTEROP_THREADS: '2', OMP_NUM_THREADS: '2' };

function option(name, fallback) {
  const index = process.argv.indexOf(name);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

const CLI = process.argv.includes('--cli')
  ? process.argv[process.argv.indexOf('--cli') + 1]
  : join(ROOT, 'dist', 'cli.js');
const GROW = process.argv.includes('--grow');

/** The training script, written as users write one: tfjs-node, a 2-layer MLP, fit once per epoch. */
function script({ calls, samples, batch }, fitOptions = '') {
  const rows = GROW ? samples + calls : samples;
  const data = GROW
    ? `const [x, y] = [xs, ys].map((all) => all.slice(0, ${samples} + call));`
    : 'const [x, y] = [xs, ys];';
  const release = GROW ? 'tf.dispose([x, y]);' : '';
  return `const tf = require('@tensorflow/tfjs-node');
const fs = require('node:fs');

async function main() {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 64, activation: 'relu', inputShape: [32] }),
      tf.layers.dense({ units: 8, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const xs = tf.randomUniform([${rows}, 32], 0, 1, 'float32', 1);
  const ys = tf.oneHot(tf.randomUniform([${rows}], 0, 8, 'int32', 2), 8).toFloat();
  const times = [];
  for (let call = 0; call < ${calls}; call++) {
    ${data}
    const start = performance.now();
    await model.fit(x, y, { epochs: 1, batchSize: ${batch}${fitOptions} });
    times.push((performance.now() - start) / 1000);
    ${release}
  }
  fs.writeFileSync(process.env.FITLOOP_TIMES, JSON.stringify(times));
}

main();
`;
}

function newestRun(runsIn) {
  const runsDir = join(runsIn, '.tensorscope', 'runs');
  return join(runsDir, readdirSync(runsDir).sort().at(-1));
}

function measure(dir, way, calls) {
  const file = way === 'quiet' ? 'fitLoopQuiet.js' : 'fitLoop.js';
  const times = join(dir, `times-${way}.json`);
  const counts = join(dir, `counts-${way}.jsonl`);
  rmSync(counts, { force: true });
  const runsIn = mkdtempSync(join(dir, `${way}-`));
  const env = { ...process.env, ...THREADS, FITLOOP_TIMES: times };
  const load = loadavg()[0];
  const result =
    way !== 'tensorscope'
      ? spawnSync(process.execPath, [file], {
          cwd: dir,
          encoding: 'utf8',
          env: { ...env, NODE_PATH: join(ROOT, 'node_modules') },
        })
      : spawnSync(process.execPath, [CLI, 'train', 'fitLoop.js', '--runs-in', runsIn], {
          cwd: dir,
          encoding: 'utf8',
          env: {
            ...env,
            FITLOOP_COUNTS: counts,
            NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${COUNTER}`,
          },
        });
  if (result.status !== 0) throw new Error(`${way}: exit ${result.status}\n${result.stdout}${result.stderr}`);
  const perCall = JSON.parse(readFileSync(times, 'utf8'));
  if (perCall.length !== calls) throw new Error(`${way}: ${perCall.length} fit calls timed, not ${calls}`);
  const measured = { secondsPerCall: median(perCall.slice(WARMUP_CALLS)), load };
  if (way !== 'tensorscope') return measured;
  const lines = existsSync(counts)
    ? readFileSync(counts, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line))
    : [];
  const total = (counted) => lines.reduce((sum, line) => sum + counted(line), 0);
  const graphs = total((line) => line.graphs ?? 0);
  const written = total((line) => Object.values(line).reduce((a, b) => a + b, 0)) - graphs;
  const run = JSON.parse(readFileSync(join(newestRun(runsIn), 'run.json'), 'utf8'));
  rmSync(runsIn, { recursive: true, force: true });
  return { ...measured, checkpointsPerCall: written / calls, graphs, execution: run.execution?.execution };
}

const ms = (seconds) => `${(seconds * 1000).toFixed(2)} ms`;
const range = (values) => `${ms(median(values))} [${ms(Math.min(...values))}–${ms(Math.max(...values))}]`;

const repeats = option('--repeats', 3);
const shape = { calls: option('--calls', 200), samples: option('--samples', 256), batch: option('--batch', 32) };
const dir = mkdtempSync(join(tmpdir(), 'tensorscope-bench-fitloop-'));
try {
  writeFileSync(join(dir, 'fitLoop.js'), script(shape));
  writeFileSync(join(dir, 'fitLoopQuiet.js'), script(shape, ', verbose: 0'));
  const runs = { node: [], quiet: [], tensorscope: [] };
  // Round-robin, so drifting machine load hits all alike.
  for (let pass = 0; pass < repeats; pass++)
    for (const way of Object.keys(runs)) {
      const measured = measure(dir, way, shape.calls);
      runs[way].push(measured);
      const extra =
        way === 'tensorscope'
          ? `, ${measured.checkpointsPerCall} checkpoint writes/call, ${measured.graphs} graphs built, ${measured.execution}`
          : '';
      process.stderr.write(
        `pass ${pass + 1} ${way}: ${ms(measured.secondsPerCall)}/call (load ${measured.load.toFixed(1)}${extra})\n`,
      );
    }
  const perCall = (way) => runs[way].map((run) => run.secondsPerCall);
  const loads = Object.values(runs).flatMap((list) => list.map((run) => run.load));
  const ratio = (way) => {
    const perPass = runs[way].map((run, pass) => runs.tensorscope[pass].secondsPerCall / run.secondsPerCall);
    const overall = median(perCall('tensorscope')) / median(perCall(way));
    return `${overall.toFixed(2)}× [${Math.min(...perPass).toFixed(2)}–${Math.max(...perPass).toFixed(2)}]`;
  };
  console.log(
    `MLP 32-64-8, Adam, accuracy, ${shape.samples}${GROW ? ' + call number' : ''} samples, batch ${shape.batch}: ${shape.calls} fit calls of 1 epoch (first ${WARMUP_CALLS} left out), ${repeats} passes`,
  );
  console.log(
    `machine: ${cpus().length} cores, load average before runs ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`,
  );
  console.log(
    "plain: the script as written (tfjs-node's fit prints its progress bar); quiet: the same with verbose: 0",
  );
  console.log(
    '| plain node + tfjs-node | quiet (verbose 0) | Tensorscope CLI (train) | Tensorscope ÷ plain | Tensorscope ÷ quiet | checkpoint writes per call | graphs built per run |',
  );
  console.log(
    '| ---------------------- | ----------------- | ----------------------- | ------------------- | ------------------- | -------------------------- | -------------------- |',
  );
  console.log(
    `| ${range(perCall('node'))} | ${range(perCall('quiet'))} | ${range(perCall('tensorscope'))} | ${ratio('node')} | ${ratio('quiet')} | ${median(runs.tensorscope.map((run) => run.checkpointsPerCall))} | ${median(runs.tensorscope.map((run) => run.graphs))} |`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
