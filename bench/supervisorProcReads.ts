/**
 * The supervisor's /proc reads (Linux): while it runs a trainer, the host lists the trainer's
 * descendants now and then (processTree.ts), so that those that left its process group die with it.
 * Where the kernel keeps no children lists, a listing reads `/proc/<pid>/stat` files. This process
 * plays the host: it runs real dry builds (`inspect` of examples/mlp-synthetic) through
 * TrainerProcess and counts the /proc files it reads, and meanwhile lists the running trainer's
 * descendants both ways, side by side: every process's stat (a walk of the whole table) and only the
 * stats of pids handed out since the trainer started (pidsSince.ts).
 *
 *   node esbuild.js && node --import tsx bench/supervisorProcReads.ts [--repeats 5]
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startQuickLook } from '../extension/host/inspection/quickLookRunner';
import { PidsSince } from '../extension/supervisor/pidsSince';
import {
  listDescendants,
  listDescendantsFromTable,
  stillRunning,
  type ListedProcess,
} from '../extension/supervisor/processTree';

const repeatsAt = process.argv.indexOf('--repeats');
const REPEATS = repeatsAt >= 0 ? Number(process.argv[repeatsAt + 1]) : 5;
const ROOT = path.join(__dirname, '..');
const MODEL = path.join(ROOT, 'examples', 'mlp-synthetic', 'model.ts');
const TRAINER = path.join(ROOT, 'dist', 'trainer.js');

/** Counts the /proc files this process reads, by kind (`stat`, `ns_last_pid`, …). */
const reads = new Map<string, number>();
// The module object itself (the namespace import is read-only); every `import * as fs` reads through to it.
const nodeFs = createRequire(__filename)('node:fs') as typeof fs;
const readFileSync = nodeFs.readFileSync;
nodeFs.readFileSync = ((file: fs.PathOrFileDescriptor, ...rest: never[]) => {
  if (typeof file === 'string' && file.startsWith('/proc/')) {
    const kind = path.basename(file);
    reads.set(kind, (reads.get(kind) ?? 0) + 1);
  }
  return readFileSync(file, ...rest);
}) as typeof fs.readFileSync;

function counting<T>(work: () => T): { value: T; reads: number; ms: number } {
  reads.clear();
  const start = performance.now();
  const value = work();
  const ms = performance.now() - start;
  return { value, reads: [...reads.values()].reduce((sum, n) => sum + n, 0), ms };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const spread = (values: number[], digits = 0) =>
  `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;

type Way = 'kernel' | 'table' | 'newer' | 'exitTable' | 'exitListed';
const WAYS: Record<Way, string> = {
  kernel: 'listing: the kernel’s children lists (0.2)',
  table: 'listing: every process’s stat',
  newer: 'listing: stats of pids since the trainer',
  exitTable: 'at exit: every process’s stat (0.2)',
  exitListed: 'at exit: the listed processes’ stats',
};

interface Pass {
  /** What the supervisor (TrainerProcess) itself read during the dry build, in all and by file name. */
  supervisorReads: number;
  byKind: Map<string, number>;
  /** Its checks of the pid counter (one per listing it considered). */
  checks: number;
  samples: Record<Way, { reads: number; ms: number }[]>;
  agreed: boolean;
}

const sum = (counts: Map<string, number>) => [...counts.values()].reduce((total, n) => total + n, 0);

/** One dry build: what the supervisor read, and each way of listing the trainer's descendants while it ran. */
async function dryBuild(): Promise<Pass> {
  const samples: Pass['samples'] = { kernel: [], table: [], newer: [], exitTable: [], exitListed: [] };
  let agreed = true;
  let supervisorReads = 0;
  const byKind = new Map<string, number>();
  let checks = 0;
  const take = () => {
    supervisorReads += sum(reads);
    for (const [kind, n] of reads) byKind.set(kind, (byKind.get(kind) ?? 0) + n);
    checks += reads.get('ns_last_pid') ?? 0;
    reads.clear();
  };
  reads.clear();
  const look = startQuickLook({
    command: 'inspect',
    modelFile: MODEL,
    trainerScript: TRAINER,
    cwd: path.dirname(MODEL),
    options: { backend: 'auto' },
    hungTimeoutMs: 120_000,
  });
  take();
  const pid = findTrainer();
  const since = new PidsSince(pid);
  reads.clear();
  const sampler = setInterval(() => {
    take();
    const kernel = counting(() => listDescendants(pid));
    const table = counting(() => listDescendantsFromTable(pid));
    const newer = counting(() => listDescendantsFromTable(pid, since.check().mayBeNewer));
    const exitTable = counting(() => listDescendantsFromTable(1));
    const exitListed = counting(() => stillRunning(kernel.value));
    Object.assign(samples, {
      kernel: [...samples.kernel, kernel],
      table: [...samples.table, table],
      newer: [...samples.newer, newer],
      exitTable: [...samples.exitTable, exitTable],
      exitListed: [...samples.exitListed, exitListed],
    });
    const pids = (listed: ListedProcess[]) => listed.map((p) => p.pid).join();
    if (pids(kernel.value) !== pids(newer.value) || pids(table.value) !== pids(newer.value)) agreed = false;
    reads.clear();
  }, 100);
  const outcome = await look.outcome;
  clearInterval(sampler);
  take();
  if (!outcome.ok) throw new Error(`the dry build failed: ${outcome.error.message}`);
  return { supervisorReads, byKind, checks, samples, agreed };
}

/** The trainer this process just forked: its newest child. */
function findTrainer(): number {
  const trainer = listDescendants(process.pid).at(-1);
  if (!trainer) throw new Error('no trainer process found');
  return trainer.pid;
}

async function main(): Promise<void> {
  if (process.platform !== 'linux') throw new Error('Linux only: other systems list processes with ps.');
  const kernelLists = fs.existsSync(`/proc/${process.pid}/task/${process.pid}/children`);
  const processes = fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).length;
  console.log(
    `${os.cpus().length} cores, load ${os
      .loadavg()
      .map((n) => n.toFixed(1))
      .join(' ')}, ${processes} processes, kernel children lists: ${kernelLists ? 'yes' : 'no'}`,
  );
  const passes: Pass[] = [];
  for (let i = 0; i < REPEATS; i++) passes.push(await dryBuild());
  console.log(
    `\n${REPEATS} dry builds (inspect ${path.relative(ROOT, MODEL)}), each way sampled every 100 ms while the trainer ran`,
  );
  console.log(`| ${'way'.padEnd(44)} | ${'/proc reads'.padEnd(14)} | ${'ms'.padEnd(18)} | samples |`);
  console.log(`|${'-'.repeat(46)}|${'-'.repeat(16)}|${'-'.repeat(20)}|---------|`);
  for (const way of Object.keys(WAYS) as Way[]) {
    const all = passes.flatMap((pass) => pass.samples[way]);
    console.log(
      `| ${WAYS[way].padEnd(44)} | ${spread(all.map((x) => x.reads)).padEnd(14)} | ${spread(
        all.map((x) => x.ms),
        2,
      ).padEnd(18)} | ${String(all.length).padEnd(7)} |`,
    );
  }
  const medianReads = (way: Way) => median(passes.flatMap((pass) => pass.samples[way].map((x) => x.reads)));
  console.log(
    `ratios (median reads): table/newer ${(medianReads('table') / Math.max(1, medianReads('newer'))).toFixed(1)}×, ` +
      `kernel/newer ${(medianReads('kernel') / Math.max(1, medianReads('newer'))).toFixed(1)}×, ` +
      `exit table/listed ${(medianReads('exitTable') / Math.max(1, medianReads('exitListed'))).toFixed(1)}×; ` +
      `every way found the same descendants each time: ${passes.every((pass) => pass.agreed)}`,
  );
  console.log(
    `\nper dry build, the supervisor (TrainerProcess) itself: ${spread(passes.map((p) => p.supervisorReads))} /proc reads; ` +
      `${spread(passes.map((p) => p.checks))} checks of the pid counter`,
  );
  const kinds = [...new Set(passes.flatMap((pass) => [...pass.byKind.keys()]))];
  console.log(
    `by file: ${kinds.map((kind) => `${kind} ${spread(passes.map((p) => p.byKind.get(kind) ?? 0))}`).join(', ')}`,
  );
}

void main();
