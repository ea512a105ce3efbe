/**
 * `tensorscope export <run-dir> --format tensorboard|csv [--out DIR]`: writes a recorded run as
 * TensorBoard event files or CSV. The CLI hands it the arguments after `export`; it prints what
 * it wrote and returns the exit code.
 */
import * as path from 'node:path';
import { exportRun, type ExportFormat, type ExportRequest } from '../runs/export/exportRun';

export const EXPORT_USAGE = `Usage: tensorscope export <run-dir> --format tensorboard|csv [--out DIR]

  --format F   tensorboard: an events.out.tfevents file for \`tensorboard --logdir\`
               csv: epochs.csv (one row per epoch) and batches.csv (one row per batch)
  --out DIR    Where to write (default: <run-dir>/tensorboard or <run-dir>/csv)`;

const FORMATS: ExportFormat[] = ['tensorboard', 'csv'];

export function parseExportArguments(argv: string[]): ExportRequest | string {
  let runDir: string | undefined;
  let format: ExportFormat | undefined;
  let outDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const value = argv[i + 1];
    if (arg === '--format') {
      if (!FORMATS.includes(value as ExportFormat)) return `--format must be one of ${FORMATS.join(', ')}`;
      format = value as ExportFormat;
      i++;
    } else if (arg === '--out') {
      if (!value) return '--out needs a folder';
      outDir = value;
      i++;
    } else if (arg.startsWith('-')) {
      return `Unknown option ${arg}`;
    } else if (runDir === undefined) {
      runDir = arg;
    } else {
      return `Unexpected argument ${arg}`;
    }
  }
  if (runDir === undefined) return 'export needs a run folder (.tensorscope/runs/<run-id>)';
  if (format === undefined) return `export needs --format ${FORMATS.join('|')}`;
  return { runDir, format, ...(outDir !== undefined && { outDir }) };
}

/** The whole command: parse, export, print. Returns the process exit code (0, 1 failed, 2 usage). */
export async function runExportCommand(
  argv: string[],
  cwd = process.cwd(),
  out: (text: string) => void = console.log,
): Promise<number> {
  if (argv.includes('-h') || argv.includes('--help')) {
    out(EXPORT_USAGE);
    return 0;
  }
  const request = parseExportArguments(argv);
  if (typeof request === 'string') {
    out(`tensorscope: ${request}\n\n${EXPORT_USAGE}`);
    return 2;
  }
  try {
    const result = await exportRun({
      ...request,
      runDir: path.resolve(cwd, request.runDir),
      ...(request.outDir !== undefined && { outDir: path.resolve(cwd, request.outDir) }),
    });
    out(`Exported ${result.summary}:`);
    for (const file of result.files) out(`  ${path.relative(cwd, file) || file}`);
    if (result.skipped) out(`warning: ${result.skipped}.`);
    return 0;
  } catch (error) {
    out(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
