import type { BackendPreference, CompileMode } from '../protocol/model';
import type { TrainerCommand } from '../protocol/trainerMessages';
import { parseTrialTag, type TrialTag } from '../protocol/sweep';

export interface CliCommand {
  command: TrainerCommand;
  /** The model file, or for `resume` (and optionally `evaluate`) the run folder. */
  modelFile: string;
  epochs?: number;
  batchSize?: number;
  backend: BackendPreference;
  workspaceDir?: string;
  sampleEveryBatches?: number;
  /** A sweep's trial (set by `tensorscope sweep` and its Ray jobs). */
  trial?: TrialTag;
  compile?: CompileMode;
  seed?: number;
  /** Everything after `--`: the training script's own arguments, passed through untouched. */
  scriptArguments?: string[];
}

export type ParsedArguments =
  { kind: 'run'; run: CliCommand } | { kind: 'help' } | { kind: 'version' } | { kind: 'error'; message: string };

export const USAGE = `Usage: tensorscope <command> <model-file> [options] [-- script arguments]

Commands:
  train <file>       Train the model the file defines (createModel, loadData, config)
  evaluate <file|run-dir>
                     Score the best checkpoint of the file's newest run (or of the run folder)
                     on its test split; recorded inside that run (<run-dir>/evaluations/)
  resume <run-dir>   Continue a stopped or crashed run from its last checkpoint
                     (--epochs N sets the new total)
  sweep <file>       Run the file's \`export const sweep\`: many trials, early stopping (sweep --help)
  export <run-dir>   Write a run as TensorBoard event files or CSV: --format tensorboard|csv [--out DIR]
  inspect <file>     Build the model without data: layers, shapes, parameters, source lines
  preflight <file>   One batch forward and backward: initial loss, gradient flow per layer
  find-lr <file>     Learning-rate range test: loss against learning rate, and a suggestion
  data <file>        Describe what loadData() returns: split sizes and shapes, label balance,
                     input statistics, NaN/infinity, train/test duplicates

Options:
  --epochs N         Epochs to train (overrides the file's config)
  --batch-size N     Batch size (overrides the file's config)
  --backend B        auto | tensorflow | wasm | cpu (default: auto)
  --runs-in DIR      Folder that holds .tensorscope/runs (default: the model file's folder)
  --sample-every N   Layer statistics every N batches (default 50; 0 turns inspection off)
  --seed N           train: seed for Math.random in the trainer (default: a new one, recorded in run.json;
                     evaluate and resume reuse the run's)
  --sweep-trial JSON Train as a sweep's trial: {"sweepId","index","params"} (set by \`tensorscope sweep\`)
  --compile M        auto | on | off: run the training step as one TensorFlow graph (default: auto)
  -- ARGS...         train only: the rest goes to a training script as its own arguments;
                     it sees process.argv = [node, <script>, ...ARGS]. In script mode,
                     --epochs and --batch-size replace those of each fit() call the script makes
  -h, --help         Show this help
  --version          Show the version`;

const BACKENDS: BackendPreference[] = ['auto', 'tensorflow', 'wasm', 'cpu'];
const COMPILE_MODES: CompileMode[] = ['auto', 'on', 'off'];

const COMMANDS: Record<string, TrainerCommand> = {
  train: 'train',
  evaluate: 'evaluate',
  resume: 'resume',
  inspect: 'inspect',
  preflight: 'preflight',
  'find-lr': 'findLearningRate',
  data: 'data',
};

function positiveInteger(flag: string, value: string | undefined): number | string {
  const parsed = Number(value);
  return value !== undefined && Number.isInteger(parsed) && parsed > 0
    ? parsed
    : `${flag} needs a positive integer, got ${value ?? 'nothing'}`;
}

function parseTrialArgument(value: string | undefined): TrialTag | string {
  let json: unknown;
  try {
    json = JSON.parse(value ?? '');
  } catch {
    return `--sweep-trial needs JSON such as {"sweepId":"s1","index":0,"params":{"units":32}}, got ${value ?? 'nothing'}`;
  }
  const parsed = parseTrialTag(json);
  return parsed.ok ? parsed.value : `--sweep-trial: ${parsed.error}`;
}

/** Splits at the first `--`: Tensorscope's arguments before it, the script's after it. */
function splitScriptArguments(argv: string[]): { own: string[]; script: string[] | undefined } {
  const separator = argv.indexOf('--');
  return separator < 0
    ? { own: argv, script: undefined }
    : { own: argv.slice(0, separator), script: argv.slice(separator + 1) };
}

export function parseArguments(argv: string[]): ParsedArguments {
  const { own, script } = splitScriptArguments(argv);
  if (own.includes('-h') || own.includes('--help') || own.length === 0) return { kind: 'help' };
  if (own.includes('--version')) return { kind: 'version' };
  const [command, ...rest] = own;
  const trainerCommand = COMMANDS[command ?? ''];
  if (!trainerCommand) {
    return { kind: 'error', message: `Unknown command "${command}". Use ${Object.keys(COMMANDS).join(', ')}.` };
  }
  const run: CliCommand = { command: trainerCommand, modelFile: '', backend: 'auto' };
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
    } else if (arg === '--compile') {
      const mode = COMPILE_MODES.find((candidate) => candidate === value);
      if (!mode) return { kind: 'error', message: `--compile must be one of ${COMPILE_MODES.join(', ')}` };
      run.compile = mode;
      i++;
    } else if (arg === '--sample-every') {
      const parsed = Number(value);
      if (value === undefined || !Number.isInteger(parsed) || parsed < 0) {
        return { kind: 'error', message: `--sample-every needs a whole number ≥ 0, got ${value ?? 'nothing'}` };
      }
      run.sampleEveryBatches = parsed;
      i++;
    } else if (arg === '--sweep-trial') {
      const trial = parseTrialArgument(value);
      if (typeof trial === 'string') return { kind: 'error', message: trial };
      run.trial = trial;
      i++;
    } else if (arg === '--seed' && trainerCommand === 'train') {
      const parsed = Number(value);
      if (value === undefined || !Number.isInteger(parsed) || parsed < 0 || parsed >= 2 ** 32)
        return {
          kind: 'error',
          message: `--seed needs a whole number from 0 to 4294967295, got ${value ?? 'nothing'}`,
        };
      run.seed = parsed;
      i++;
    } else if (arg === '--runs-in') {
      if (!value) return { kind: 'error', message: '--runs-in needs a folder' };
      run.workspaceDir = value;
      i++;
    } else if (arg.startsWith('-')) {
      return {
        kind: 'error',
        message: `Unknown option ${arg}${command === 'train' ? ` (a training script's own options go after --: tensorscope train <script> -- ${arg} …)` : ''}`,
      };
    } else if (run.modelFile === '') {
      run.modelFile = arg;
    } else {
      return { kind: 'error', message: `Unexpected argument ${arg}` };
    }
  }
  if (run.modelFile === '')
    return {
      kind: 'error',
      message: `${command} needs ${trainerCommand === 'resume' ? 'a run folder' : 'a model file'}`,
    };
  if (script !== undefined) {
    if (trainerCommand !== 'train')
      return { kind: 'error', message: `Script arguments (after --) go to a training script: only train takes them` };
    run.scriptArguments = script;
  }
  return { kind: 'run', run };
}
