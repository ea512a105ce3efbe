/**
 * The CLI as a thin supervisor: the model file runs in a trainer child (the same entry the
 * extension forks), in its own process group. So Ctrl+C works even while model code never yields
 * (the first asks for a stop at the next batch, the second ends the trainer and everything it
 * started), a closed stdout (`| head`) is not a crash, and however the trainer dies, its run is
 * recorded as stopped or failed with the reason.
 */
import * as path from 'node:path';
import {
  describeTrainerExit,
  endStatusOf,
  EVALUATION_CANCELLED,
  recordExitInRun,
  releaseTrainerLock,
  RESUME_CANCELLED,
  RESUME_ENDED_BEFORE_START,
  trainerTookOverRun,
} from '../supervisor/trainerExit';
import { TrainerProcess, type TrainerExit } from '../supervisor/trainerProcess';
import type { EndStatus, TrainerCommand, TrainOptions, TrainerToHost } from '../protocol/trainerMessages';
import type { ProgressPrinter } from './progressPrinter';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

const EXIT_CODES: Record<EndStatus, number> = { completed: EXIT_OK, failed: EXIT_FAILED, stopped: EXIT_INTERRUPTED };
/** A SIGTERM or SIGHUP to the CLI asks for a stop; no second signal may follow, so the kill comes by itself. */
const KILL_AFTER_TERMINATION_MS = 10_000;

export interface TrainerRequest {
  command: TrainerCommand;
  modelFile: string;
  options: TrainOptions;
}

/** The CLI's stdout; once the reader has gone (EPIPE) output is dropped and training goes on. */
export class CliOutput {
  private closed = false;

  constructor(private readonly stream: NodeJS.WriteStream = process.stdout) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (this.closed) return;
      this.closed = true;
      if (error.code !== 'EPIPE') throw error;
      process.stderr.write('tensorscope: the output was closed; training goes on and is recorded in its run folder.\n');
    });
  }

  write(text: string): void {
    if (!this.closed) this.stream.write(text);
  }
}

function listenForSignals(trainer: TrainerProcess, command: TrainerCommand): () => void {
  const onInterrupt = () => {
    // An evaluation has no batch boundary to stop at, and records nothing until it has its result.
    if (command === 'evaluate') {
      process.stderr.write('\nCancelling the evaluation.\n');
      trainer.forceStop();
      return;
    }
    if (trainer.stopping) {
      process.stderr.write('\nEnding the trainer and every process it started.\n');
      trainer.forceStop();
      return;
    }
    process.stderr.write('\nStopping at the next batch (Ctrl+C again to end it now)...\n');
    void trainer.stop(null);
  };
  const onTerminate = () => void trainer.stop(KILL_AFTER_TERMINATION_MS);
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onTerminate);
  process.on('SIGHUP', onTerminate);
  return () => {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onTerminate);
    process.off('SIGHUP', onTerminate);
  };
}

/**
 * The exit code for a trainer that ended without ending its run (killed, or a model file's
 * process.exit), said as the run's end: recorded in run.json when the trainer had taken the run
 * over, only printed when it had not (a resume ended while its model was rebuilt).
 */
function recordUnendedRun(runDir: string | undefined, exit: TrainerExit, printer: ProgressPrinter): number {
  const recorded = runDir === undefined ? undefined : recordExitInRun(runDir, exit);
  const recordedStatus = recorded?.status === 'running' ? undefined : recorded?.status;
  if (!recordedStatus && exit.code === 0 && !exit.signal) return EXIT_OK;
  const status = recordedStatus ?? endStatusOf(exit);
  const error = recordedStatus ? (recorded?.error ?? null) : status === 'failed' ? describeTrainerExit(exit) : null;
  printer.handle({ type: 'runEnded', status, endedAt: Date.now(), ...(error && { error }) });
  const reason = recordedStatus ? recorded?.exit?.reason : describeTrainerExit(exit).message;
  if (status === 'stopped' && reason) process.stderr.write(`${reason}\n`);
  return EXIT_CODES[status];
}

/** A resume ended while its model was rebuilt had not taken its run over: nothing of the run changed. */
function reportUnstartedResume(exit: TrainerExit, printer: ProgressPrinter): number {
  const status = endStatusOf(exit);
  if (status === 'stopped') {
    process.stderr.write(`${RESUME_CANCELLED}\n`);
    return EXIT_INTERRUPTED;
  }
  printer.handle({ type: 'runEnded', status, endedAt: Date.now(), error: describeTrainerExit(exit) });
  process.stderr.write(`${RESUME_ENDED_BEFORE_START}\n`);
  return EXIT_FAILED;
}

export async function superviseTrainer(
  request: TrainerRequest,
  printer: ProgressPrinter,
  output: CliOutput,
): Promise<number> {
  let runDir: string | undefined;
  let ended: EndStatus | undefined;
  const onMessage = (message: TrainerToHost) => {
    if (message.type === 'runCreated') runDir = message.runDir;
    if (message.type === 'runEnded') ended = message.status;
    printer.handle(message);
  };
  const trainer = new TrainerProcess({
    trainerScript: path.join(__dirname, 'trainer.js'),
    cwd: process.cwd(),
    onMessage,
    onInvalidMessage: (error) =>
      process.stderr.write(`tensorscope: an invalid message from the trainer was ignored: ${error}\n`),
    onStdout: (text) => output.write(text),
    onStderr: (text) => process.stderr.write(text),
  });
  const stopListening = listenForSignals(trainer, request.command);
  trainer.send({ type: 'start', ...request });
  const exit = await trainer.exited;
  stopListening();
  const code = exitCodeOf(request.command, runDir, ended, exit, printer);
  // A resume killed while its model loads holds the lock before it says `runCreated`.
  const lockedDir = runDir ?? request.options.resumeRunDir;
  if (lockedDir !== undefined) releaseTrainerLock(path.resolve(lockedDir), exit);
  return code;
}

function exitCodeOf(
  command: TrainerCommand,
  runDir: string | undefined,
  ended: EndStatus | undefined,
  exit: TrainerExit,
  printer: ProgressPrinter,
): number {
  if (ended) return EXIT_CODES[ended];
  if (command === 'evaluate' && endStatusOf(exit) === 'stopped') {
    process.stderr.write(`${EVALUATION_CANCELLED}\n`);
    return EXIT_INTERRUPTED;
  }
  if (command === 'resume' && runDir !== undefined && !trainerTookOverRun(runDir, exit))
    return reportUnstartedResume(exit, printer);
  // Quick looks (inspect, preflight, find-lr) make no run: the trainer's exit code says how they went.
  if (runDir === undefined && !exit.signal && exit.code !== null) return exit.code === 0 ? EXIT_OK : EXIT_FAILED;
  return recordUnendedRun(runDir, exit, printer);
}
