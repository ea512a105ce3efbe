/**
 * The trainer's last moments. Model code can end the process before `runTraining` records how
 * the run ended: `process.exit(n)` (a script's own argument parser, a "done" exit after fit) or
 * an exception thrown from a timer. Both are recorded here, synchronously, in run.json, with the
 * model file's line that did it; children the model file started end with the trainer.
 */
import * as path from 'node:path';
import type { TrainerError } from '../protocol/model';
import type { EndStatus } from '../protocol/trainerMessages';
import type { RunWriter } from '../runs/runWriter';
import { killOwnDescendants } from '../supervisor/processTree';
import { locateInUserCode, toTrainerError } from './failure';

interface OpenRun {
  writer: RunWriter;
  modelFile: string;
  /** Script mode: whether the script's fits started (an exit after them is the script being done). */
  scriptTrained?: () => boolean;
  /** Whether a stop was asked for (a script's own Ctrl+C handler exiting then ends a stopped run). */
  stopped?: () => boolean;
}

let openRun: OpenRun | undefined;
/** Writes still held in memory (script mode's throttled checkpoints), done synchronously before the run's end is recorded. */
const beforeExit = new Set<() => void>();
let exitCall: { code: number; stack: string | undefined } | undefined;

/** Node's own `process.exit`, for the trainer's exits (model code gets the recording one). */
export const exitProcess: (code?: number) => never = process.exit.bind(process);

/** Records the run's end in run.json if the process ends (or crashes) while `run` is open. */
export function trackOpenRun(run: OpenRun): () => void {
  openRun = run;
  return () => {
    if (openRun === run) openRun = undefined;
  };
}

/** Runs `write` when the process ends, before the run's end is recorded; returns the undo. */
export function writeBeforeExit(write: () => void): () => void {
  beforeExit.add(write);
  return () => beforeExit.delete(write);
}

function runBeforeExit(): void {
  for (const write of beforeExit) {
    try {
      write();
    } catch (error) {
      // Nothing is left to tell but the output: the run's record still ends below.
      process.stderr.write(
        `Tensorscope could not write at exit: ${error instanceof Error ? error.message : String(error)}\n`,
      );
    }
  }
  beforeExit.clear();
}

/**
 * Marks the open run as a script run (its fits decide whether an exit is the script being done),
 * or, with undefined, as a module-mode run after all.
 */
export function trackScript(scriptTrained: (() => boolean) | undefined): void {
  if (openRun) openRun.scriptTrained = scriptTrained;
}

interface ExitEnding {
  status: EndStatus;
  error: TrainerError | null;
  /** For a run the exit ends without an error: what ended the process, for run.json's `exit`. */
  reason?: string;
}

function exitEnding(run: OpenRun, code: number): ExitEnding {
  if (code === 0 && run.scriptTrained?.()) {
    const stopped = run.stopped?.() === true;
    const how = exitCall ? 'called process.exit(0)' : 'ended the process (exit code 0)';
    const reason = `The script ${how} ${stopped ? 'after the stop' : 'after training'}.`;
    return { status: stopped ? 'stopped' : 'completed', error: null, reason };
  }
  const dir = path.dirname(run.modelFile);
  const location = exitCall && locateInUserCode(exitCall.stack, run.modelFile, dir);
  const who = run.scriptTrained ? 'The script' : 'The model file';
  const how = exitCall ? `called process.exit(${exitCall.code})` : `ended the process (exit code ${code})`;
  const before = run.scriptTrained?.() === false ? 'before it trained' : 'before the run finished';
  return {
    status: 'failed',
    error: {
      kind: 'model',
      message: `${who} ${how} ${before}.`,
      ...(location && { location }),
      hint:
        code !== 0 && run.scriptTrained?.() === false
          ? 'A script that exits at once is often its own argument parser refusing Tensorscope’s arguments: give the script’s arguments after `--` (tensorscope train train.js -- --epochs 5). Its exit code and last output are in run.json.'
          : 'Its exit code and last output are in run.json; Tensorscope ends the process itself when the run is over.',
    },
  };
}

/** Records the open run's end (if it is still running) and forgets it. */
export function endOpenRun(status: EndStatus, error: TrainerError | null, exitReason?: string): void {
  const run = openRun;
  openRun = undefined;
  if (!run || run.writer.info.status !== 'running') return;
  const exit = exitReason === undefined ? {} : { exit: { reason: exitReason, code: 0, signal: null, outputTail: '' } };
  try {
    run.writer.end(status, { error, ...exit });
  } catch {
    // the disk is full or the folder is gone: the supervisor records the exit instead
  }
}

/**
 * An uncaught exception (a throw in a timer or an event handler of the model file): the run is
 * failed with the error at the model file's line. Returns that error, for the host.
 */
export function failOpenRun(caught: unknown): TrainerError | undefined {
  const run = openRun;
  if (!run) return undefined;
  const error = toTrainerError(caught, run.modelFile, path.dirname(run.modelFile));
  endOpenRun('failed', error);
  return error;
}

/** Installs the hooks: `process.exit` from model code is recorded with its stack; exit ends the run. */
export function recordProcessEnds(): void {
  process.exit = ((code?: number | string | null) => {
    const numeric = Number(code ?? process.exitCode ?? 0);
    exitCall = { code: Number.isInteger(numeric) ? numeric : 1, stack: new Error().stack };
    return exitProcess(exitCall.code);
  }) as typeof process.exit;
  process.on('exit', (code) => {
    runBeforeExit();
    if (openRun) {
      const { status, error, reason } = exitEnding(openRun, code);
      endOpenRun(status, error, reason);
    }
    killOwnDescendants();
  });
}
