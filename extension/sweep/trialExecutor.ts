/** What runs a sweep's trials: trainer processes on this machine, or jobs on a Ray cluster. */
import type { BackendPreference } from '../protocol/model';
import type { TrialTag } from '../protocol/sweep';
import type { EndStatus } from '../protocol/trainerMessages';

export interface TrialLaunch {
  tag: TrialTag;
  modelFile: string;
  /** Folder holding `.tensorscope/runs`, where the trial's run folder is made. */
  workspaceDir: string;
  /** TensorFlow threads the trial may use, so parallel trials do not oversubscribe the CPU. */
  threads: number;
  backend: BackendPreference;
  /** Overrides the file's config.epochs for every trial. */
  epochs?: number;
  sampleEveryBatches?: number;
}

/** What a running trial reports, as it happens. */
export interface TrialEvents {
  runCreated(runDir: string): void;
  epoch(epoch: number, logs: Record<string, number>): void;
  log?(text: string): void;
}

export interface TrialOutcome {
  status: EndStatus;
  error?: string;
}

export interface RunningTrial {
  readonly ended: Promise<TrialOutcome>;
  /** The Ray job, on the Ray executor. */
  readonly jobId?: string;
  /** Stops the trial at its next batch; it records its run as stopped. */
  stop(): void;
  /** Ends it now (the sweep is being aborted). */
  kill(): void;
}

export interface TrialExecutor {
  readonly kind: 'local' | 'ray';
  launch(launch: TrialLaunch, events: TrialEvents): Promise<RunningTrial>;
}

/** The trainer's thread settings: TensorFlow's intra-op pool and OpenMP follow these. */
export function threadEnvironment(threads: number): Record<string, string> {
  return {
    TF_NUM_INTRAOP_THREADS: String(threads),
    TF_NUM_INTEROP_THREADS: '1',
    OMP_NUM_THREADS: String(threads),
  };
}
