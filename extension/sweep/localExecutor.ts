/**
 * Runs each trial in a trainer process on this machine, supervised like the editor's runs: the
 * trainer reports over IPC, stops at the next batch when asked, and stops by itself when this
 * process goes away (its IPC channel closes), so no trial outlives the sweep.
 */
import * as path from 'node:path';
import { recordTrainerExit } from '../supervisor/trainerExit';
import { TrainerProcess } from '../supervisor/trainerProcess';
import type { TrainerToHost } from '../protocol/trainerMessages';
import {
  threadEnvironment,
  type RunningTrial,
  type TrialEvents,
  type TrialExecutor,
  type TrialLaunch,
  type TrialOutcome,
} from './trialExecutor';

const HUNG_TIMEOUT_MS = 120_000;

export class LocalExecutor implements TrialExecutor {
  readonly kind = 'local';

  /** `trainerScript`: the built trainer (dist/trainer.js, beside the CLI). */
  constructor(private readonly trainerScript: string) {}

  async launch(launch: TrialLaunch, events: TrialEvents): Promise<RunningTrial> {
    let runDir: string | undefined;
    let ended: TrialOutcome | undefined;
    const onMessage = (message: TrainerToHost): void => {
      if (message.type === 'runCreated') {
        runDir = message.runDir;
        events.runCreated(message.runDir);
      } else if (message.type === 'epochEnd') events.epoch(message.record.epoch, message.record.logs);
      else if (message.type === 'runEnded')
        ended = { status: message.status, ...(message.error && { error: message.error.message }) };
    };
    const trainer = new TrainerProcess({
      trainerScript: this.trainerScript,
      cwd: path.dirname(launch.modelFile),
      env: threadEnvironment(launch.threads),
      hungTimeoutMs: HUNG_TIMEOUT_MS,
      onMessage,
      onInvalidMessage: (error) => events.log?.(`trial ${launch.tag.index + 1}: ignored an invalid message: ${error}`),
    });
    trainer.send({
      type: 'start',
      command: 'train',
      modelFile: launch.modelFile,
      options: {
        backend: launch.backend,
        workspaceDir: launch.workspaceDir,
        trial: launch.tag,
        ...(launch.epochs !== undefined && { epochs: launch.epochs }),
        ...(launch.sampleEveryBatches !== undefined && { sampleEveryBatches: launch.sampleEveryBatches }),
      },
    });
    const outcome = trainer.exited.then((exit): TrialOutcome => {
      if (ended) return ended;
      // Killed, or the model file ended the process: run.json records how (status, reason, exit code).
      const ending = recordTrainerExit({ ...(runDir !== undefined && { runDir }), ended: false }, exit);
      return { status: ending?.status ?? 'failed', ...(ending?.error && { error: ending.error.message }) };
    });
    return { ended: outcome, stop: () => trainer.stop(), kill: () => trainer.kill() };
  }
}
