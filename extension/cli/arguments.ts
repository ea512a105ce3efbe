import type { BackendPreference } from '../protocol/model';

export interface CliCommand {
  command: 'train' | 'evaluate';
  modelFile: string;
  epochs?: number;
  batchSize?: number;
  backend: BackendPreference;
  workspaceDir?: string;
}

export type ParsedArguments =
  { kind: 'run'; run: CliCommand } | { kind: 'help' } | { kind: 'version' } | { kind: 'error'; message: string };

export const USAGE = `Usage: tensorscope <command> <model-file> [options]

Commands:
  train <file>       Train the model the file defines (createModel, loadData, config)
  evaluate <file>    Score the newest checkpoint of the file on its test split

Options:
  --epochs N         Epochs to train (overrides the file's config)
  --batch-size N     Batch size (overrides the file's config)
  --backend B        auto | tensorflow | wasm | cpu (default: auto)
  --runs-in DIR      Folder that holds .tensorscope/runs (default: the model file's folder)
  -h, --help         Show this help
  --version          Show the version`;

const BACKENDS: BackendPreference[] = ['auto', 'tensorflow', 'wasm', 'cpu'];

function positiveInteger(flag: string, value: string | undefined): number | string {
  const parsed = Number(value);
  return value !== undefined && Number.isInteger(parsed) && parsed > 0
    ? parsed
    : `${flag} needs a positive integer, got ${value ?? 'nothing'}`;
}

export function parseArguments(argv: string[]): ParsedArguments {
  if (argv.includes('-h') || argv.includes('--help') || argv.length === 0) return { kind: 'help' };
  if (argv.includes('--version')) return { kind: 'version' };
  const [command, ...rest] = argv;
  if (command !== 'train' && command !== 'evaluate')
    return { kind: 'error', message: `Unknown command "${command}". Use train or evaluate.` };
  const run: CliCommand = { command, modelFile: '', backend: 'auto' };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? '';
    const value = rest[i + 1];
    if (arg === '--epochs' || arg === '--batch-size') {
      const parsed = positiveInteger(arg, value);
      if (typeof parsed === 'string') return { kind: 'error', message: parsed };
      if (arg === '--epochs') run.epochs = parsed;
      else run.batchSize = parsed;
      i++;
    } else if (arg === '--backend') {
      if (!BACKENDS.includes(value as BackendPreference))
        return { kind: 'error', message: `--backend must be one of ${BACKENDS.join(', ')}` };
      run.backend = value as BackendPreference;
      i++;
    } else if (arg === '--runs-in') {
      if (!value) return { kind: 'error', message: '--runs-in needs a folder' };
      run.workspaceDir = value;
      i++;
    } else if (arg.startsWith('-')) {
      return { kind: 'error', message: `Unknown option ${arg}` };
    } else if (run.modelFile === '') {
      run.modelFile = arg;
    } else {
      return { kind: 'error', message: `Unexpected argument ${arg}` };
    }
  }
  if (run.modelFile === '') return { kind: 'error', message: `${command} needs a model file` };
  return { kind: 'run', run };
}
