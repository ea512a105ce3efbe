// Tensorscope's own trainer, measured through its headless front door, `node dist/cli.js train <file>`,
// with full live instrumentation at default settings (per-batch records, metrics.jsonl, checkpoint).
// It trains bench/models/benchModel.mjs: the same model, data, batch and epochs as the plain-fit worker.
//
// Timed window: from the end of epoch 1 (the warm-up) to the end of the last epoch, taken from the
// `time` of the epoch records in metrics.jsonl, so everything the trainer does between epochs counts.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';

let snapshot;

/**
 * The bench runs a copy of dist/ taken at its first use, so that a rebuild during the run (others work in
 * this checkout) cannot swap the trainer between passes. The copy sits under node_modules/.cache so the
 * trainer still resolves TensorFlow.js from the project's node_modules.
 */
function snapshotDist(root) {
  if (snapshot) return snapshot;
  const cli = join(root, 'dist', 'cli.js');
  if (!existsSync(cli)) return undefined;
  const dir = join(root, 'node_modules', '.cache', 'tensorscope-bench', 'dist');
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(root, 'dist'), dir, { recursive: true });
  snapshot = { cli: join(dir, 'cli.js'), builtAt: statSync(cli).mtime.toISOString() };
  return snapshot;
}

export function measureTensorscope({
  root,
  scratch,
  datasets,
  workload,
  batchSize,
  env,
  framework = 'tensorscope',
  extraArgs = [],
}) {
  const dist = snapshotDist(root);
  if (!dist) {
    return { note: 'tensorscope: dist/cli.js is not built (run `node esbuild.js`); overhead_ratio not measured' };
  }
  const { cli } = dist;
  const results = [];
  let info = null;
  for (const [model, w] of Object.entries(workload)) {
    const runsIn = join(scratch, `${framework}-${model}-${Date.now()}`);
    const epochs = w.warmupEpochs + w.timedEpochs;
    process.stderr.write(`bench: ${framework} (${model}) ...\n`);
    const loadBefore = loadavg()[0];
    const r = spawnSync(
      process.execPath,
      [
        cli,
        'train',
        join(root, 'bench', 'models', 'benchModel.mjs'),
        '--runs-in',
        runsIn,
        '--batch-size',
        String(batchSize),
        ...extraArgs,
      ],
      {
        cwd: root,
        encoding: 'utf8',
        env: {
          ...env,
          TENSORSCOPE_BENCH_MODEL: model,
          TENSORSCOPE_BENCH_DATA: join(datasets[model].dir, `${datasets[model].name}.json`),
          TENSORSCOPE_BENCH_EPOCHS: String(epochs),
        },
      },
    );
    const result = {
      model,
      samples_per_epoch: datasets[model].samples,
      batch_size: batchSize,
      loadavg_1m_before: loadBefore,
    };
    const runsDir = join(runsIn, '.tensorscope', 'runs');
    const runId = existsSync(runsDir) ? readdirSync(runsDir)[0] : undefined;
    if (r.status !== 0 || !runId) {
      result.ok = false;
      result.error = `cli exit ${r.status}: ${`${r.stderr}${r.stdout}`.trim().split('\n').slice(-3).join(' / ')}`;
      results.push(result);
      continue;
    }
    const runDir = join(runsDir, runId);
    const run = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8'));
    info = {
      backend: run.backend?.name ?? null,
      backend_reason: run.backend?.reason ?? null,
      args: extraArgs.join(' ') || null,
      cli: 'dist/cli.js (snapshot)',
      dist_built_at: dist.builtAt,
    };
    const lines = readFileSync(join(runDir, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const epochLines = lines.filter((l) => l.type === 'epoch');
    if (epochLines.length !== epochs) {
      result.ok = false;
      result.error = `expected ${epochs} epoch records, found ${epochLines.length}`;
      results.push(result);
      continue;
    }
    const first = epochLines[w.warmupEpochs - 1];
    const last = epochLines.at(-1);
    const timed = (last.time - first.time) / 1000;
    Object.assign(result, {
      ok: true,
      backend: run.backend?.name ?? null,
      execution: run.execution?.execution ?? null,
      execution_reason: run.execution?.reason ?? null,
      warmup_s: epochLines.slice(0, w.warmupEpochs).reduce((a, l) => a + l.duration_ms / 1000, 0),
      epoch_s: epochLines.slice(w.warmupEpochs).map((l) => l.duration_ms / 1000),
      timed_s: timed,
      samples_per_s: (datasets[model].samples * w.timedEpochs) / timed,
      trainer_reported_samples_per_s: epochLines.slice(w.warmupEpochs).map((l) => l.samples_per_sec),
      batch_records: lines.filter((l) => l.type === 'batch').length,
      final_loss: last.loss,
    });
    results.push(result);
  }
  return { out: { framework, info, results } };
}
