/** `tensorscope sweep` arguments: pure parsing, so every mistake has a message and a test. */
import type { BackendPreference } from '../protocol/model';

export interface SweepArguments {
  modelFile?: string;
  /** A sweep folder (or its sweep.json) to continue instead of starting anew. */
  resume?: string;
  trials?: number;
  parallel?: number;
  threads?: number;
  executor: 'local' | 'ray';
  address?: string;
  epochs?: number;
  backend: BackendPreference;
  workspaceDir?: string;
  sampleEveryBatches?: number;
}

export const SWEEP_USAGE = `Usage: tensorscope sweep <model-file> [options]
       tensorscope sweep --resume <sweep-dir> [options]

Runs the trials of the file's \`export const sweep\`: each an ordinary run tagged with the sweep and
its parameters; .tensorscope/sweeps/<sweep-id>/sweep.json records every trial and the best.

Options:
  --trials N          Trials to run (overrides sweep.trials)
  --parallel N        Trials at once (default: sweep.parallel, else cores ÷ threads per trial)
  --threads N         TensorFlow threads per trial (default: cores ÷ parallel, at least 1)
  --executor E        local (trainer processes here, the default) | ray (jobs on a Ray cluster)
  --address URL       The Ray head's dashboard, e.g. http://127.0.0.1:8265 (with --executor ray)
  --epochs N          Epochs per trial (overrides the file's config and the parameters)
  --backend B         auto | tensorflow | wasm | cpu (default: auto)
  --runs-in DIR       Folder that holds .tensorscope (default: the model file's folder)
  --sample-every N    Layer statistics every N batches in each trial (default 0: off)
  --resume DIR        Continue a stopped or crashed sweep: finished trials are not run again`;

const BACKENDS: BackendPreference[] = ['auto', 'tensorflow', 'wasm', 'cpu'];
const INTEGER_FLAGS = {
  '--trials': 'trials',
  '--parallel': 'parallel',
  '--threads': 'threads',
  '--epochs': 'epochs',
} as const;

export function parseSweepArguments(argv: string[]): SweepArguments | string {
  const parsed: SweepArguments = { executor: 'local', backend: 'auto', sampleEveryBatches: 0 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const value = argv[i + 1];
    if (Object.hasOwn(INTEGER_FLAGS, arg)) {
      const number = Number(value);
      if (value === undefined || !Number.isInteger(number) || number < 1)
        return `${arg} needs a positive integer, got ${value ?? 'nothing'}`;
      parsed[INTEGER_FLAGS[arg as keyof typeof INTEGER_FLAGS]] = number;
      i++;
    } else if (arg === '--sample-every') {
      const number = Number(value);
      if (value === undefined || !Number.isInteger(number) || number < 0)
        return `--sample-every needs a whole number ≥ 0, got ${value ?? 'nothing'}`;
      parsed.sampleEveryBatches = number;
      i++;
    } else if (arg === '--executor') {
      if (value !== 'local' && value !== 'ray') return `--executor must be local or ray, got ${value ?? 'nothing'}`;
      parsed.executor = value;
      i++;
    } else if (arg === '--address') {
      if (!value || !/^https?:\/\/[^\s/]+/.test(value))
        return `--address needs the Ray dashboard's URL, such as http://127.0.0.1:8265, got ${value ?? 'nothing'}`;
      parsed.address = value.replace(/\/+$/, '');
      i++;
    } else if (arg === '--backend') {
      if (!BACKENDS.includes(value as BackendPreference)) return `--backend must be one of ${BACKENDS.join(', ')}`;
      parsed.backend = value as BackendPreference;
      i++;
    } else if (arg === '--runs-in' || arg === '--resume') {
      if (!value) return `${arg} needs a folder`;
      if (arg === '--runs-in') parsed.workspaceDir = value;
      else parsed.resume = value;
      i++;
    } else if (arg.startsWith('-')) {
      return `Unknown option ${arg}`;
    } else if (parsed.modelFile === undefined) {
      parsed.modelFile = arg;
    } else {
      return `Unexpected argument ${arg}`;
    }
  }
  if (parsed.modelFile === undefined && parsed.resume === undefined)
    return 'sweep needs a model file (or --resume <sweep-dir>)';
  if (parsed.executor === 'ray' && parsed.address === undefined)
    return '--executor ray needs --address, the Ray dashboard URL (http://HEAD:8265)';
  if (parsed.address !== undefined && parsed.executor !== 'ray') return '--address goes with --executor ray';
  return parsed;
}
