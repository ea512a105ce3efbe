#!/usr/bin/env node
/**
 * `tensorscope train|evaluate <file>`: the trainer's second front door, headless. The model file
 * runs in a supervised trainer child, as in the extension; export reads run files here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { USAGE, parseArguments } from './arguments';
import { runExportCommand } from './exportCommand';
import { runSweepCommand } from './sweepCommand';
import { ProgressPrinter } from './progressPrinter';
import { CliOutput, EXIT_FAILED, EXIT_OK, EXIT_USAGE, superviseTrainer } from './superviseTrainer';

declare const TENSORSCOPE_VERSION: string;

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
  const { run } = parsed;
  const output = new CliOutput();
  const printer = new ProgressPrinter(
    {
      isTTY: Boolean(process.stdout.isTTY),
      columns: process.stdout.columns || 100,
      write: (text) => output.write(text),
    },
    process.cwd(),
  );
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
    ...(run.command === 'evaluate' && isFolder(modelFile) && { evaluateRunDir: modelFile }),
    ...(run.trial !== undefined && { trial: run.trial }),
  };
  return superviseTrainer({ command: run.command, modelFile, options }, printer, output);
}

function isFolder(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
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
