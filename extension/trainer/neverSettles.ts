/**
 * Model code can await a promise that never settles (a callback-style API wrapped in a promise
 * whose resolve is never called). Node then has nothing left to do: in-process it exits quietly
 * and the run stays `running` for ever; under a supervisor the IPC channel keeps it waiting for
 * ever. Either way the run fails here instead, saying so.
 */
import type { Phase } from '../protocol/trainerMessages';
import type { OutgoingMessage } from './batchCoalescer';
import { TrainerFailure } from './failure';

const STAGES: Record<Phase, string> = {
  bundling: 'while the file loaded',
  loadingBackend: 'while the file loaded',
  building: 'in createModel()',
  loadingData: 'in loadData()',
  training: 'during training',
  evaluating: 'during the evaluation',
};

/** Remembers the last phase sent, to say where model code got stuck. */
export class PhaseTracker {
  private current: Phase = 'bundling';

  constructor(private readonly forward: (message: OutgoingMessage) => void) {}

  readonly send = (message: OutgoingMessage): void => {
    if (message.type === 'phase') this.current = message.phase;
    this.forward(message);
  };

  get stage(): string {
    return STAGES[this.current];
  }
}

interface Channel {
  ref(): void;
  unref(): void;
}

/** Resolves as `work` does, or rejects when Node runs out of work first (Node's 'beforeExit'). */
export function settlesBeforeNodeIdles<T>(work: Promise<T>, stage: () => string): Promise<T> {
  const channel = (process as { channel?: Channel }).channel;
  return new Promise<T>((resolve, reject) => {
    const cleanUp = () => {
      process.off('beforeExit', onIdle);
      channel?.ref();
    };
    const onIdle = () => {
      cleanUp();
      reject(
        new TrainerFailure(
          'model',
          `The model file is waiting on a promise that never settles (${stage()}): nothing else is left to run.`,
          undefined,
          'A promise whose resolve() is never called, often a callback-style API (a stream, an event) wrapped in new Promise(): check that every path calls resolve or reject.',
        ),
      );
    };
    // The channel to the supervisor is not the model file's work; a paused run holds a timer of its own.
    channel?.unref();
    process.once('beforeExit', onIdle);
    work.then(
      (value) => {
        cleanUp();
        resolve(value);
      },
      (error: unknown) => {
        cleanUp();
        reject(error);
      },
    );
  });
}
