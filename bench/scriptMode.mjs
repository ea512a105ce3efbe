// Script mode, compiled vs eager: a plain tfjs training script (MLP 784-128-64-10, Adam, batch 64,
// random data) trained through `node dist/cli.js train script.js`, with the defaults (its fit call
// compiled) and with --compile off. Three ways scripts call fit: once for all epochs ("fit"), once
// per epoch in a loop ("loop"), and once with an `onBatchEnd` callback ("batchCallback": the compiled
// run copies the weights into the tfjs model before each batch callback).
//
// Timed window: from the end of epoch 1 (the warm-up) to the end of the last epoch, from the `time`
// of the epoch records in metrics.jsonl, so graph builds of later fit calls count. Passes run
// round-robin (auto, off, auto, off …) so drifting machine load hits both alike; medians with
// [min–max]. Usage: node bench/scriptMode.mjs [--repeats N] [--samples N]
import { spawnSync } from 'node:child_process';
import console from 'node:console';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { formatRate, formatRatio, median } from './lib/stats.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const EPOCHS = 4;
const WARMUP_EPOCHS = 1;
const LABELS = {
  fit: 'once, 4 epochs',
  loop: 'once per epoch, 4 calls',
  batchCallback: 'once, with an onBatchEnd',
};
const VARIANTS = Object.keys(LABELS);

function option(name, fallback) {
  const index = process.argv.indexOf(name);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

function script(samples, variant) {
  const fits = {
    fit: `await model.fit(xs, ys, { epochs: ${EPOCHS}, batchSize: 64 });`,
    loop: `for (let epoch = 0; epoch < ${EPOCHS}; epoch++) await model.fit(xs, ys, { epochs: 1, batchSize: 64 });`,
    batchCallback: `await model.fit(xs, ys, { epochs: ${EPOCHS}, batchSize: 64, callbacks: { onBatchEnd: (batch) => { seen += batch; } } });`,
  };
  const fit = `let seen = 0;\n  ${fits[variant]}`;
  return `const tf = require('@tensorflow/tfjs');
async function main() {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 128, activation: 'relu', inputShape: [784] }),
      tf.layers.dense({ units: 64, activation: 'relu' }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  const xs = tf.randomUniform([${samples}, 784], 0, 1, 'float32', 1);
  const ys = tf.oneHot(tf.randomUniform([${samples}], 0, 10, 'int32', 2), 10).toFloat();
  ${fit}
}
main();
`;
}

function measure(dir, variant, mode, samples) {
  const runsIn = mkdtempSync(join(dir, `${variant}-${mode}-`));
  const load = loadavg()[0];
  const result = spawnSync(process.execPath, [CLI, 'train', `${variant}.js`, '--runs-in', runsIn, '--compile', mode], {
    cwd: dir,
    encoding: 'utf8',
  });
  if (result.status !== 0)
    throw new Error(`${variant} ${mode}: exit ${result.status}\n${result.stdout}${result.stderr}`);
  const runsDir = join(runsIn, '.tensorscope', 'runs');
  const runDir = join(runsDir, readdirSync(runsDir)[0]);
  const run = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8'));
  const epochs = readFileSync(join(runDir, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line))
    .filter((record) => record.type === 'epoch');
  if (epochs.length !== EPOCHS) throw new Error(`${variant} ${mode}: ${epochs.length} epoch records`);
  const timed = (epochs.at(-1).time - epochs[WARMUP_EPOCHS - 1].time) / 1000;
  return { rate: (samples * (EPOCHS - WARMUP_EPOCHS)) / timed, load, execution: run.execution?.execution };
}

const repeats = option('--repeats', 3);
const samples = option('--samples', 8192);
const dir = mkdtempSync(join(tmpdir(), 'tensorscope-bench-script-'));
try {
  const runs = {};
  for (const variant of VARIANTS) writeFileSync(join(dir, `${variant}.js`), script(samples, variant));
  for (let pass = 0; pass < repeats; pass++)
    for (const variant of VARIANTS)
      for (const mode of ['auto', 'off']) {
        const key = `${variant}/${mode}`;
        const measured = measure(dir, variant, mode, samples);
        (runs[key] ??= []).push(measured);
        process.stderr.write(
          `pass ${pass + 1} ${key}: ${formatRate(measured.rate)} samples/s (${measured.execution}, load ${measured.load.toFixed(1)})\n`,
        );
      }
  const rates = (key) => runs[key].map((run) => run.rate);
  const cell = (key) =>
    `${formatRate(median(rates(key)))} [${formatRate(Math.min(...rates(key)))}–${formatRate(Math.max(...rates(key)))}]`;
  const loads = Object.values(runs).flatMap((list) => list.map((run) => run.load));
  console.log(`MLP 784-128-64-10, Adam, batch 64, ${samples} samples, ${EPOCHS} epochs (1 warm-up), ${repeats} passes`);
  console.log(
    `machine: ${cpus().length} cores, load average before runs ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`,
  );
  console.log(
    '| script calls fit         | compiled (default) samples/s | eager (--compile off) samples/s | compiled ÷ eager |',
  );
  console.log(
    '| ------------------------ | ---------------------------- | ------------------------------- | ---------------- |',
  );
  for (const [variant, label] of Object.entries(LABELS)) {
    const ratio = median(rates(`${variant}/auto`)) / median(rates(`${variant}/off`));
    console.log(
      `| ${label.padEnd(24)} | ${cell(`${variant}/auto`).padEnd(28)} | ${cell(`${variant}/off`).padEnd(31)} | ${formatRatio(ratio).padEnd(16)} |`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
