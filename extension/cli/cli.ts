#!/usr/bin/env node
/** `tensorscope train|evaluate <file>`: the trainer's second front door, headless. */
import * as path from 'node:path';
import { quietTensorFlowLogs } from '../trainer/quietTensorFlow';
import type { OutgoingMessage } from '../trainer/batchCoalescer';
import { runQuickLook } from '../trainer/quickLooks';
import { RunControl } from '../trainer/runControl';
import { runTraining } from '../trainer/runTraining';
import { USAGE, parseArguments } from './arguments';
import { runExportCommand } from './exportCommand';
import { runSweepCommand } from './sweepCommand';
import { ProgressPrinter } from './progressPrinter';

declare const TENSORSCOPE_VERSION: string;

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;
const EXIT_INTERRUPTED = 130;

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'export') return runExportCommand(argv.slice(1));
  if (argv[0] === 'sweep') return runSweepCommand(argv.slice(1));
  const parsed = parseArguments(argv);
  if (parsed.kind === 'help') {
    console.log(USAGE);
    return EXIT_OK;
  }
  if (parsed.kind === 'version') {
    console.log(TENSORSCOPE_VERSION);
    return EXIT_OK;
  }
  if (parsed.kind === 'error') {
    console.error(`tensorscope: ${parsed.message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  quietTensorFlowLogs();
  process.setSourceMapsEnabled(true);
  const { run } = parsed;
  const printer = new ProgressPrinter(
    {
      isTTY: Boolean(process.stdout.isTTY),
      columns: process.stdout.columns || 100,
      write: (text) => process.stdout.write(text),
    },
    process.cwd(),
  );
  const control = new RunControl();
  process.once('SIGINT', () => {
    control.stop();
    console.error('\nStopping at the next batch (Ctrl+C again to abort)...');
    process.once('SIGINT', () => process.exit(EXIT_INTERRUPTED));
  });
  // A Ray job being stopped, or a supervisor ending the run: stop at the next batch, record the run.
  process.once('SIGTERM', () => control.stop());
  const modelFile = path.resolve(run.modelFile);
  const options = {
    backend: run.backend,
    ...(run.epochs !== undefined && { epochs: run.epochs }),
    ...(run.batchSize !== undefined && { batchSize: run.batchSize }),
    ...(run.workspaceDir !== undefined && { workspaceDir: path.resolve(run.workspaceDir) }),
    ...(run.sampleEveryBatches !== undefined && { sampleEveryBatches: run.sampleEveryBatches }),
    ...(run.compile !== undefined && { compile: run.compile }),
    ...(run.scriptArguments !== undefined && { scriptArguments: run.scriptArguments }),
    ...(run.seed !== undefined && { seed: run.seed }),
    ...(run.command === 'resume' && { resumeRunDir: modelFile }),
    ...(run.trial !== undefined && { trial: run.trial }),
  };
  const send = (message: OutgoingMessage) => printer.handle(message);
  if (run.command === 'train' || run.command === 'evaluate' || run.command === 'resume') {
    const result = await runTraining({ command: run.command, modelFile, options }, send, control);
    if (result.status === 'failed') return EXIT_FAILED;
    return result.status === 'stopped' ? EXIT_INTERRUPTED : EXIT_OK;
  }
  return (await runQuickLook(run.command, modelFile, options, send, control)) ? EXIT_OK : EXIT_FAILED;
}

/** Exits once stdout has taken everything written to it (a pipe may still hold the last lines). */
function exitAfterOutput(code: number): void {
  setTimeout(() => process.exit(code), 2_000);
  process.stdout.write('', () => process.exit(code));
}

main(process.argv.slice(2)).then(
  (code) => exitAfterOutput(code),
  (error: unknown) => {
    console.error(error);
    process.exit(EXIT_FAILED);
  },
);
