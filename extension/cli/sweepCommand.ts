/**
 * `tensorscope sweep <file>`: runs the file's sweep headless, locally or on a Ray cluster, as the
 * supervisor of its trials (Ctrl+C stops them all at their next batch; twice ends them now).
 */
import * as os from 'node:os';
import * as path from 'node:path';
import type { SweepRecord } from '../protocol/sweep';
import { LocalExecutor } from '../sweep/localExecutor';
import { planParallelism } from '../sweep/parallelism';
import { RayExecutor } from '../sweep/rayExecutor';
import { readSweepSpec } from '../sweep/readSweepSpec';
import { SweepScheduler } from '../sweep/sweepScheduler';
import { newSweepId, readSweep, sweepDirOf } from '../sweep/sweepStore';
import type { TrialExecutor } from '../sweep/trialExecutor';
import { generateTrials } from '../sweep/trialGeneration';
import { TrainerFailure, formatLocation } from '../trainer/failure';
import { quietTensorFlowLogs } from '../trainer/quietTensorFlow';
import { SWEEP_USAGE, parseSweepArguments, type SweepArguments } from './sweepArguments';
import { SweepPrinter } from './sweepPrinter';

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;
const EXIT_INTERRUPTED = 130;

async function newSweep(args: SweepArguments, cwd: string): Promise<{ record: SweepRecord; sweepDir: string }> {
  const modelFile = path.resolve(cwd, args.modelFile as string);
  const spec = await readSweepSpec(modelFile, args.trials !== undefined ? { trials: args.trials } : {});
  const workspaceDir = path.resolve(cwd, args.workspaceDir ?? path.dirname(modelFile));
  const sweepId = newSweepId(modelFile);
  const now = new Date().toISOString();
  const record: SweepRecord = {
    formatVersion: 1,
    sweepId,
    modelFile,
    workspaceDir,
    createdAt: now,
    updatedAt: now,
    status: 'running',
    executor: { kind: args.executor, parallel: 1, threadsPerTrial: 1 },
    spec,
    trials: generateTrials(spec).map((params, index) => ({
      index,
      params,
      state: 'pending',
      runDir: null,
      metric: null,
      epochs: 0,
      startedAt: null,
      endedAt: null,
    })),
    best: null,
  };
  return { record, sweepDir: sweepDirOf(workspaceDir, sweepId) };
}

function resumedSweep(args: SweepArguments, cwd: string): { record: SweepRecord; sweepDir: string } {
  const target = path.resolve(cwd, args.resume as string);
  const sweepDir = target.endsWith('.json') ? path.dirname(target) : target;
  return { record: readSweep(sweepDir), sweepDir };
}

function makeExecutor(args: SweepArguments): TrialExecutor {
  if (args.executor === 'ray')
    return new RayExecutor(args.address as string, {
      nodePath: process.execPath,
      cliPath: path.join(__dirname, 'cli.js'),
    });
  return new LocalExecutor(path.join(__dirname, 'trainer.js'));
}

function reportFailure(error: unknown, cwd: string, out: (line: string) => void): number {
  if (error instanceof TrainerFailure) {
    const where = error.location ? `${formatLocation(error.location, (f) => path.relative(cwd, f))}: ` : '';
    out(`${where}error: ${error.message}`);
    if (error.hint) out(`  hint: ${error.hint}`);
  } else out(`error: ${error instanceof Error ? error.message : String(error)}`);
  return EXIT_FAILED;
}

export async function runSweepCommand(argv: string[], cwd = process.cwd()): Promise<number> {
  const out = (line: string) => console.log(line);
  if (argv.includes('-h') || argv.includes('--help')) {
    out(SWEEP_USAGE);
    return EXIT_OK;
  }
  const args = parseSweepArguments(argv);
  if (typeof args === 'string') {
    console.error(`tensorscope: ${args}\n\n${SWEEP_USAGE}`);
    return EXIT_USAGE;
  }
  quietTensorFlowLogs();
  process.setSourceMapsEnabled(true);
  let opened: { record: SweepRecord; sweepDir: string };
  try {
    opened = args.resume !== undefined ? resumedSweep(args, cwd) : await newSweep(args, cwd);
  } catch (error) {
    return reportFailure(error, cwd, out);
  }
  const { parallel, threadsPerTrial } = planParallelism(os.availableParallelism(), {
    parallel: args.parallel ?? opened.record.spec.parallel,
    ...(args.threads !== undefined && { threads: args.threads }),
  });
  const record: SweepRecord = {
    ...opened.record,
    executor: { kind: args.executor, parallel, threadsPerTrial, ...(args.address && { address: args.address }) },
  };
  const printer = new SweepPrinter(out, cwd);
  out(
    `Sweep ${record.sweepId}: ${record.trials.length} trials of ${path.relative(cwd, record.modelFile) || record.modelFile}, ${parallel} at a time (${threadsPerTrial} thread${threadsPerTrial > 1 ? 's' : ''} each, ${args.executor})`,
  );
  const scheduler = new SweepScheduler(
    record,
    opened.sweepDir,
    makeExecutor(args),
    {
      modelFile: record.modelFile,
      workspaceDir: record.workspaceDir,
      backend: args.backend,
      ...(args.epochs !== undefined && { epochs: args.epochs }),
      ...(args.sampleEveryBatches !== undefined && { sampleEveryBatches: args.sampleEveryBatches }),
    },
    printer,
  );
  const interrupt = () => {
    console.error('\nStopping every trial at its next batch (Ctrl+C again to end them now)...');
    scheduler.stop();
    process.once('SIGINT', () => scheduler.abort());
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', () => scheduler.stop());
  const status = await scheduler.run();
  printer.summary(scheduler.current, opened.sweepDir);
  if (status === 'stopped') {
    out(`Resume with: tensorscope sweep --resume ${path.relative(cwd, opened.sweepDir) || opened.sweepDir}`);
    return EXIT_INTERRUPTED;
  }
  return status === 'completed' ? EXIT_OK : EXIT_FAILED;
}
