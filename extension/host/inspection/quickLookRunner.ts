/**
 * Runs one quick look (`inspect`, `preflight`, `findLearningRate`, `data`) in a fresh trainer process
 * and resolves with its result message or its error. No run folder is written.
 */
import type { TrainerError } from '../../protocol/model';
import type { TrainerToHost, TrainOptions } from '../../protocol/trainerMessages';
import { TrainerProcess } from '../trainerProcess';

export type QuickLookCommand = 'inspect' | 'preflight' | 'findLearningRate' | 'data';

type ResultMessage = Extract<TrainerToHost, { type: 'inspection' | 'preflight' | 'learningRateRange' | 'dataReport' }>;

export type QuickLookOutcome =
  { readonly ok: true; readonly message: ResultMessage } | { readonly ok: false; readonly error: TrainerError };

export interface QuickLookRequest {
  readonly command: QuickLookCommand;
  readonly modelFile: string;
  readonly trainerScript: string;
  readonly cwd: string;
  readonly options: TrainOptions;
  readonly execPath?: string;
  readonly hungTimeoutMs: number;
  readonly onLog?: (text: string) => void;
}

export interface RunningQuickLook {
  readonly outcome: Promise<QuickLookOutcome>;
  /** Ends the look (a sweep stops at its next step, then the process is killed if need be). */
  stop(): void;
}

function isResult(message: TrainerToHost): message is ResultMessage {
  return (
    message.type === 'inspection' ||
    message.type === 'preflight' ||
    message.type === 'learningRateRange' ||
    message.type === 'dataReport'
  );
}

export function startQuickLook(request: QuickLookRequest): RunningQuickLook {
  let result: ResultMessage | undefined;
  let error: TrainerError | undefined;
  const trainer = new TrainerProcess({
    trainerScript: request.trainerScript,
    cwd: request.cwd,
    ...(request.execPath !== undefined && { execPath: request.execPath }),
    hungTimeoutMs: request.hungTimeoutMs,
    onMessage: (message) => {
      if (isResult(message)) result = message;
      if (message.type === 'runEnded' && message.error) error = message.error;
      if (message.type === 'log') request.onLog?.(message.text);
    },
    onInvalidMessage: (problem) => request.onLog?.(`invalid message from the trainer ignored: ${problem}`),
    onStderr: (text) => request.onLog?.(`[trainer] ${text.trimEnd()}`),
  });
  trainer.send({ type: 'start', command: request.command, modelFile: request.modelFile, options: request.options });
  const outcome = trainer.exited.then((exit): QuickLookOutcome => {
    if (result !== undefined) return { ok: true, message: result };
    return { ok: false, error: error ?? exitError(exit.hung, exit.code, exit.signal) };
  });
  return { outcome, stop: () => trainer.stop() };
}

function exitError(hung: boolean, code: number | null, signal: string | null): TrainerError {
  return {
    kind: 'process',
    message: hung
      ? 'The trainer stopped responding and was ended.'
      : `The trainer ended without a result (${signal ? `signal ${signal}` : `exit code ${code ?? 'unknown'}`}).`,
  };
}
