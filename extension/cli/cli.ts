#!/usr/bin/env node
/** `tensorscope train|evaluate <file>`: the trainer's second front door, headless. */
import * as path from 'node:path';
import { quietTensorFlowLogs } from '../trainer/quietTensorFlow';
import { runTraining } from '../trainer/runTraining';
import { USAGE, parseArguments } from './arguments';
import { ProgressPrinter } from './progressPrinter';

declare const TENSORSCOPE_VERSION: string;

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;
const EXIT_INTERRUPTED = 130;

async function main(argv: string[]): Promise<number> {
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
  const stop = { requested: false };
  process.once('SIGINT', () => {
    stop.requested = true;
    console.error('\nStopping at the next batch (Ctrl+C again to abort)...');
    process.once('SIGINT', () => process.exit(EXIT_INTERRUPTED));
  });
  const result = await runTraining(
    {
      command: run.command,
      modelFile: path.resolve(run.modelFile),
      options: {
        backend: run.backend,
        ...(run.epochs !== undefined && { epochs: run.epochs }),
        ...(run.batchSize !== undefined && { batchSize: run.batchSize }),
        ...(run.workspaceDir !== undefined && { workspaceDir: path.resolve(run.workspaceDir) }),
      },
    },
    (message) => printer.handle(message),
    stop,
  );
  if (result.status === 'failed') return EXIT_FAILED;
  return result.status === 'stopped' ? EXIT_INTERRUPTED : EXIT_OK;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(EXIT_FAILED);
  },
);
