// `npm run bench`: tfjs-node vs Keras vs PyTorch vs the pure-JS backends (and, once the trainer
// exists, Tensorscope's own instrumentation), side by side in one run. Not part of `npm test`.
//
//   node bench/run.mjs [--repeats N] [--only tfjs-node,keras,pytorch,tfjs-cpu,tfjs-wasm,tensorscope,tensorscope-eager]
//                      [--models mlp,cnn,resnet] [--no-write] [--out bench/results/latest.json]
//
// Every framework runs in its own process, one at a time (never in parallel), on the same data files,
// models, batch size (64), float32 and thread count (2). Native frameworks run round-robin for
// `--repeats` passes so that drift in machine load hits them alike; medians are reported.
import process from 'node:process';
import console from 'node:console';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, loadavg, totalmem, platform, release, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDataset, SEED } from './lib/data.mjs';
import { cacheRoot, ensureVenv } from './lib/venv.mjs';
import { median, formatRate, formatRatio, renderTable, renderPanelTable } from './lib/stats.mjs';
import { measureLatency } from './lib/latency.mjs';
import { measurePanelRedraw } from './lib/panelRedraw.mjs';
import { measureTensorscope } from './lib/tensorscope.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');

const ALL = ['tfjs-node', 'keras', 'pytorch', 'tfjs-cpu', 'tfjs-wasm', 'tensorscope', 'tensorscope-eager'];
const args = parseArgs(process.argv.slice(2));
const MODELS = args.models;
const THREADS = 2;
const BATCH = 64;

// Workload sizes. The pure-JS cpu backend is ~200x slower on the CNN, so it gets a short run.
const WORKLOADS = {
  native: {
    mlp: { samples: 8192, warmupEpochs: 1, timedEpochs: 3 },
    cnn: { samples: 2048, warmupEpochs: 1, timedEpochs: 3 },
    resnet: { samples: 512, warmupEpochs: 1, timedEpochs: 3 },
  },
  // The pure-JS backends skip the residual CNN: cpu would take hours, wasm cannot train convolutions.
  'tfjs-cpu': {
    mlp: { samples: 2048, warmupEpochs: 1, timedEpochs: 3 },
    cnn: { samples: 192, warmupEpochs: 1, timedEpochs: 3 },
  },
  'tfjs-wasm': {
    mlp: { samples: 8192, warmupEpochs: 1, timedEpochs: 3 },
    cnn: { samples: 2048, warmupEpochs: 1, timedEpochs: 3 },
  },
};

// Environment shared by every worker: the same thread count everywhere, quiet TensorFlow logs.
const BASE_ENV = {
  ...process.env,
  TF_NUM_INTRAOP_THREADS: String(THREADS),
  TF_NUM_INTEROP_THREADS: String(THREADS),
  OMP_NUM_THREADS: String(THREADS),
  TF_CPP_MIN_LOG_LEVEL: '2',
};
// PyTorch's OpenMP threads spin while waiting; on this shared 2-core VM, when any other process wants a
// core, that collapses its step time (CNN step p90 350 ms vs 15 ms). Passive waiting keeps it honest
// under load; TensorFlow's Eigen pool does not use OpenMP. TENSORSCOPE_BENCH_OMP_WAIT=ACTIVE restores it.
const TORCH_ENV = { ...BASE_ENV, OMP_WAIT_POLICY: process.env.TENSORSCOPE_BENCH_OMP_WAIT ?? 'PASSIVE' };
// tfjs-node runs with oneDNN off, as Tensorscope's trainer did before the compiled step (see
// bench/README.md); Keras and PyTorch run at their defaults, and the Tensorscope CLI at its own default
// (extension/trainer/quietTensorFlow.ts). TENSORSCOPE_BENCH_ONEDNN=0|1 sets it for tfjs-node and the CLI.
const TFJS_NODE_ENV = { ...BASE_ENV, TF_ENABLE_ONEDNN_OPTS: process.env.TENSORSCOPE_BENCH_ONEDNN ?? '0' };
const TENSORSCOPE_ENV = {
  ...BASE_ENV,
  ...(process.env.TENSORSCOPE_BENCH_ONEDNN !== undefined && {
    TF_ENABLE_ONEDNN_OPTS: process.env.TENSORSCOPE_BENCH_ONEDNN,
  }),
};

const dataDir = join(cacheRoot(), 'bench-data');
const datasets = {
  mlp: ensureDataset(dataDir, 'mlp', WORKLOADS.native.mlp.samples, [784]),
  cnn: ensureDataset(dataDir, 'cnn', WORKLOADS.native.cnn.samples, [28, 28, 1]),
  resnet: ensureDataset(dataDir, 'resnet', WORKLOADS.native.resnet.samples, [32, 32, 3]),
};
const scratch = join(tmpdir(), `tensorscope-bench-${process.pid}`);
mkdirSync(scratch, { recursive: true });

const samples = {}; // framework -> model -> [per-repeat result]
const infos = {};
const notes = [];
let counter = 0;

function record(framework, out) {
  if (!out) return;
  infos[framework] = out.info;
  for (const r of out.results) ((samples[framework] ??= {})[r.model] ??= []).push(r);
}

function runWorker(framework, cmd, cmdArgs, env) {
  const before = loadavg()[0];
  const r = spawnSync(cmd, cmdArgs, { env, cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  const outPath = JSON.parse(cmdArgs.at(-1)).out;
  if (r.status !== 0 || !existsSync(outPath)) {
    const tail = `${r.stderr ?? ''}${r.error?.message ?? ''}`.trim().split('\n').slice(-5).join('\n');
    notes.push(`${framework}: worker failed (exit ${r.status}): ${tail}`);
    console.error(`bench: ${framework} failed:\n${tail}`);
    return undefined;
  }
  const out = JSON.parse(readFileSync(outPath, 'utf8'));
  for (const res of out.results) res.loadavg_1m_before = before;
  return out;
}

function spec(framework, workload) {
  const runs = Object.entries(workload)
    .filter(([model]) => MODELS.includes(model))
    .map(([model, w]) => ({ model, data: datasets[model], ...w }));
  return { threads: THREADS, batchSize: BATCH, runs, out: join(scratch, `${framework}-${++counter}.json`) };
}

function runTfjs(framework, backend, workload, env) {
  const s = { ...spec(framework, workload), backend };
  process.stderr.write(`bench: ${framework} ...\n`);
  record(
    framework,
    runWorker(framework, process.execPath, [join(here, 'workers', 'tfjs.mjs'), JSON.stringify(s)], env),
  );
}

function runPython(framework, python, script, env) {
  const s = spec(framework, WORKLOADS.native);
  process.stderr.write(`bench: ${framework} ...\n`);
  record(framework, runWorker(framework, python, [join(here, 'workers', script), JSON.stringify(s)], env));
}

// --- the run -------------------------------------------------------------------------------------
const wants = (f) => args.only.includes(f);
let python;
if (wants('keras') || wants('pytorch')) {
  const venv = ensureVenv(join(here, 'requirements.txt'));
  if (venv.error) notes.push(`Python peers skipped: ${venv.error}`);
  else python = venv.python;
}

for (let rep = 0; rep < args.repeats; rep++) {
  process.stderr.write(`bench: pass ${rep + 1}/${args.repeats}\n`);
  if (wants('tfjs-node')) runTfjs('tfjs-node', 'tensorflow', WORKLOADS.native, TFJS_NODE_ENV);
  if (python && wants('keras')) runPython('keras', python, 'keras_bench.py', BASE_ENV);
  if (python && wants('pytorch')) runPython('pytorch', python, 'torch_bench.py', TORCH_ENV);
  // wasm is quick (the MLP; the CNN fails at once), so it joins the passes: backend_ratio rests on it.
  if (wants('tfjs-wasm')) runTfjs('tfjs-wasm', 'wasm', WORKLOADS['tfjs-wasm'], BASE_ENV);
  // The CLI at its defaults (the compiled step where the model allows), then with --compile off.
  for (const [framework, extraArgs] of [
    ['tensorscope', []],
    ['tensorscope-eager', ['--compile', 'off']],
  ]) {
    if (!wants(framework)) continue;
    const ts = measureTensorscope({
      root,
      scratch,
      datasets,
      workload: Object.fromEntries(Object.entries(WORKLOADS.native).filter(([model]) => MODELS.includes(model))),
      batchSize: BATCH,
      env: TENSORSCOPE_ENV,
      framework,
      extraArgs,
    });
    if (ts.note && rep === 0) notes.push(ts.note);
    if (ts.out) record(framework, ts.out);
  }
}
// The pure-JS cpu backend runs once: it is slow, single-threaded, and far from the native numbers.
if (wants('tfjs-cpu')) runTfjs('tfjs-cpu', 'cpu', WORKLOADS['tfjs-cpu'], BASE_ENV);

// --- summarise -----------------------------------------------------------------------------------
const frameworks = {};
for (const [fw, byModel] of Object.entries(samples)) {
  frameworks[fw] = { info: infos[fw] ?? null, models: {} };
  for (const [model, runs] of Object.entries(byModel)) {
    const ok = runs.filter((r) => r.ok);
    const rates = ok.map((r) => r.samples_per_s);
    frameworks[fw].models[model] = ok.length
      ? {
          ok: true,
          samples_per_s: { median: median(rates), min: Math.min(...rates), max: Math.max(...rates), unit: 'samples/s' },
          repeats: ok.length,
          samples_per_epoch: ok[0].samples_per_epoch,
          timed_epochs: ok[0].epoch_s.length,
          runs: runs.map(stripModel),
        }
      : { ok: false, error: runs[0]?.error ?? 'no result', runs: runs.map(stripModel) };
  }
}
function stripModel(run) {
  const copy = { ...run };
  delete copy.model;
  return copy;
}
for (const [fw, byModel] of Object.entries(samples)) {
  for (const [model, runs] of Object.entries(byModel)) {
    const failed = runs.filter((r) => !r.ok);
    if (failed.length && failed.length < runs.length) {
      notes.push(
        `${fw} ${model}: ${failed.length} of ${runs.length} runs failed (${failed[0].error}); median of the rest`,
      );
    }
  }
}
const loads = Object.values(samples)
  .flatMap((byModel) => Object.values(byModel).flat())
  .map((r) => r.loadavg_1m_before)
  .filter((v) => typeof v === 'number');
if (loads.length && Math.max(...loads) > cpus().length) {
  notes.push(
    `machine busy: 1-minute load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} on ${cpus().length} cores during the run; expect wide min–max ranges`,
  );
}
const rate = (fw, model) => frameworks[fw]?.models[model]?.samples_per_s?.median ?? null;
const ratio = (a, b) => (a != null && b != null && b > 0 ? a / b : null);
const ratios = {};
const latency = measureLatency(root);
// Chart redraw in the panel's webview (bench/panelRedraw.ts): model-independent, once per bench run.
const { panel, note: panelNote } = measurePanelRedraw(root);
if (panelNote) notes.push(panelNote);

for (const model of MODELS) {
  const node = rate('tfjs-node', model);
  const pureJs = [
    ['tfjs-wasm', rate('tfjs-wasm', model)],
    ['tfjs-cpu', rate('tfjs-cpu', model)],
  ]
    .filter(([, v]) => v != null)
    .sort((a, b) => b[1] - a[1]);
  ratios[model] = {
    unit: 'ratio of samples/s medians (higher is better for tfjs-node / Tensorscope)',
    vs_keras_ratio: ratio(node, rate('keras', model)),
    vs_pytorch_ratio: ratio(node, rate('pytorch', model)),
    backend_ratio: ratio(node, pureJs[0]?.[1] ?? null),
    backend_ratio_against: pureJs[0]?.[0] ?? null,
    // overhead_ratio: Tensorscope's trainer (`node dist/cli.js train`, full live instrumentation at default
    // settings) ÷ plain model.fit on tfjs-node, same model/data/batch. null until the CLI can train.
    overhead_ratio: ratio(rate('tensorscope', model), node),
    // The Tensorscope CLI at its defaults (full live instrumentation, the compiled step where the model
    // allows) against Keras `fit` and the PyTorch loop; and against itself with --compile off.
    tensorscope_vs_keras_ratio: ratio(rate('tensorscope', model), rate('keras', model)),
    tensorscope_vs_pytorch_ratio: ratio(rate('tensorscope', model), rate('pytorch', model)),
    compiled_vs_eager_ratio: ratio(rate('tensorscope', model), rate('tensorscope-eager', model)),
    // latency_ms_p95: batch end in the trainer -> handled by the panel's host-side controller
    // (bench/latency.ts: the real trainer process feeding the real LiveRun).
    latency_ms_p95: latency?.[model]?.p95_ms ?? null,
    latency_ms_p50: latency?.[model]?.p50_ms ?? null,
  };
}

const cpuList = cpus();
const result = {
  schema: 1,
  date: new Date().toISOString(),
  command: `node bench/run.mjs ${process.argv.slice(2).join(' ')}`.trim(),
  machine: {
    cpu_model: cpuList[0]?.model ?? 'unknown',
    cores: cpuList.length,
    memory_gib: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()}`,
  },
  versions: versions(),
  settings: {
    batch_size: BATCH,
    dtype: 'float32',
    threads: THREADS,
    env: { TF_NUM_INTRAOP_THREADS: THREADS, TF_NUM_INTEROP_THREADS: THREADS, OMP_NUM_THREADS: THREADS },
    tfjs_node_env: { TF_ENABLE_ONEDNN_OPTS: TFJS_NODE_ENV.TF_ENABLE_ONEDNN_OPTS },
    tensorscope_env: { TF_ENABLE_ONEDNN_OPTS: TENSORSCOPE_ENV.TF_ENABLE_ONEDNN_OPTS ?? 'the trainer default' },
    keras_env: { TF_ENABLE_ONEDNN_OPTS: BASE_ENV.TF_ENABLE_ONEDNN_OPTS ?? 'default (on)' },
    pytorch_env: { OMP_WAIT_POLICY: TORCH_ENV.OMP_WAIT_POLICY },
    load_note: 'each run records loadavg_1m_before; above the core count, other processes competed for the CPU',
    optimizer: 'Adam(lr=1e-3)',
    loss: 'categorical cross-entropy',
    shuffle: true,
    data: { seed: SEED, distribution: 'x ~ U[0,1), y ~ U{0..9}' },
    workloads: WORKLOADS,
    repeats_native: args.repeats,
    repeats_wasm: args.repeats,
    repeats_cpu: 1,
    statistic: 'median over repeats of (samples x timed epochs / timed seconds); min/max alongside',
  },
  ratios,
  panel,
  frameworks,
  notes,
};

console.log(renderTable(result, MODELS, { formatRate, formatRatio }));
if (panel) console.log(`\n${renderPanelTable(panel)}`);
if (notes.length) console.log(`\nNotes:\n${notes.map((n) => `- ${n}`).join('\n')}`);
if (args.write) {
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nwrote ${args.out}`);
}

function versions() {
  const pkg = (name) => {
    try {
      return JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
    } catch {
      return null;
    }
  };
  return {
    node: process.versions.node,
    '@tensorflow/tfjs': pkg('@tensorflow/tfjs'),
    '@tensorflow/tfjs-node': pkg('@tensorflow/tfjs-node'),
    '@tensorflow/tfjs-backend-wasm': pkg('@tensorflow/tfjs-backend-wasm'),
    tensorflow_library_in_tfjs_node: infos['tfjs-node']?.tf_library ?? null,
    tensorflow_python: infos.keras?.tensorflow ?? null,
    keras: infos.keras?.keras ?? null,
    torch: infos.pytorch?.torch ?? null,
    numpy: infos.keras?.numpy ?? infos.pytorch?.numpy ?? null,
    python: infos.keras?.python ?? infos.pytorch?.python ?? null,
  };
}

function parseArgs(argv) {
  const out = {
    repeats: 3,
    only: ALL,
    models: ['mlp', 'cnn', 'resnet'],
    write: true,
    out: join(here, 'results', 'latest.json'),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--repeats') out.repeats = Math.max(1, Number(argv[++i]));
    else if (a === '--only') out.only = argv[++i].split(',');
    else if (a === '--models') out.models = argv[++i].split(',');
    else if (a === '--no-write') out.write = false;
    else if (a === '--out') out.out = resolve(argv[++i]);
    else throw new Error(`bench: unknown argument ${a}`);
  }
  const unknownModels = out.models.filter((m) => !['mlp', 'cnn', 'resnet'].includes(m));
  if (unknownModels.length)
    throw new Error(`bench: unknown model(s) ${unknownModels.join(', ')}; choose from mlp, cnn, resnet`);
  const unknown = out.only.filter((f) => !ALL.includes(f));
  if (unknown.length)
    throw new Error(`bench: unknown framework(s) ${unknown.join(', ')}; choose from ${ALL.join(', ')}`);
  return out;
}
