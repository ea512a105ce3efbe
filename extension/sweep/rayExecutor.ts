/**
 * Runs each trial as a Ray job through Ray's Jobs REST API. The job's entry point is this
 * Tensorscope's CLI (absolute paths to node and to the built CLI, so the job finds the same
 * TensorFlow.js) training the trial into the sweep's run root, which the Ray workers must see
 * at the same path: the same machine, or a shared file system. That is how the run folders
 * are collected: they are written where the user opens them, and early stopping reads their
 * epochs as they are appended. The job's log is saved beside its run as `ray-job.log`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MetricsTailer } from '../host/history/metricsTailer';
import { newestRun } from '../runs/newestRun';
import { listRunDirs, readRunInfo } from '../runs/runReader';
import { METRICS_FILE } from '../runs/runFiles';
import { RayJobsClient, TERMINAL_STATUSES, type RayJobInfo } from './rayJobsClient';
import {
  threadEnvironment,
  type RunningTrial,
  type TrialEvents,
  type TrialExecutor,
  type TrialLaunch,
  type TrialOutcome,
} from './trialExecutor';

const POLL_MS = 1_000;
const LOG_LINES_ON_FAILURE = 20;

export interface RayEntryPoint {
  nodePath: string;
  cliPath: string;
}

/** POSIX shell quoting: the entry point is run by a shell on the Ray node. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export function trialEntryPoint(entry: RayEntryPoint, launch: TrialLaunch): string {
  const args = [
    entry.nodePath,
    entry.cliPath,
    'train',
    launch.modelFile,
    '--runs-in',
    launch.workspaceDir,
    '--backend',
    launch.backend,
    '--sweep-trial',
    JSON.stringify(launch.tag),
    ...(launch.epochs !== undefined ? ['--epochs', String(launch.epochs)] : []),
    ...(launch.sampleEveryBatches !== undefined ? ['--sample-every', String(launch.sampleEveryBatches)] : []),
  ];
  return args.map(shellQuote).join(' ');
}

/** The trial's run folder: the newest one tagged with this sweep and trial, made after the launch. */
function findTrialRun(launch: TrialLaunch, launchedAt: number): string | undefined {
  return newestRun(
    listRunDirs(launch.workspaceDir),
    (info) =>
      info.sweep?.sweepId === launch.tag.sweepId &&
      info.sweep.index === launch.tag.index &&
      Date.parse(info.startedAt) >= launchedAt - 2_000,
  )?.dir;
}

function outcomeOf(job: RayJobInfo, runDir: string | undefined, logs: string): TrialOutcome {
  const recorded = runDir ? readRunInfo(runDir) : undefined;
  if (recorded && recorded.status !== 'running')
    return { status: recorded.status, ...(recorded.error && { error: recorded.error.message }) };
  if (job.status === 'SUCCEEDED') return { status: 'completed' };
  if (job.status === 'STOPPED') return { status: 'stopped' };
  const tail = logs.trimEnd().split('\n').slice(-LOG_LINES_ON_FAILURE).join('\n');
  return {
    status: 'failed',
    error: `Ray job ${job.status.toLowerCase()}: ${job.message ?? ''}${tail ? `\n${tail}` : ''}`,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class RayExecutor implements TrialExecutor {
  readonly kind = 'ray';
  private readonly client: RayJobsClient;

  constructor(
    address: string,
    private readonly entry: RayEntryPoint,
  ) {
    this.client = new RayJobsClient(address);
  }

  async launch(launch: TrialLaunch, events: TrialEvents): Promise<RunningTrial> {
    const launchedAt = Date.now();
    const jobId = await this.client.submit({
      entrypoint: trialEntryPoint(this.entry, launch),
      submission_id: `${launch.tag.sweepId}-trial-${launch.tag.index}-${launchedAt.toString(36)}`,
      entrypoint_num_cpus: launch.threads,
      runtime_env: { env_vars: { ...threadEnvironment(launch.threads), TF_CPP_MIN_LOG_LEVEL: '2' } },
      metadata: { tensorscope_sweep: launch.tag.sweepId, tensorscope_trial: String(launch.tag.index) },
    });
    let stopRequested = false;
    const ended = this.follow(jobId, launch, launchedAt, events, () => stopRequested);
    const stop = () => {
      stopRequested = true;
      this.client
        .stop(jobId)
        .catch((error: unknown) => events.log?.(`trial ${launch.tag.index + 1}: ${String(error)}`));
    };
    return { jobId, ended, stop, kill: stop };
  }

  /** Polls the job until it ends, passing on the epochs its run folder records. */
  private async follow(
    jobId: string,
    launch: TrialLaunch,
    launchedAt: number,
    events: TrialEvents,
    stopRequested: () => boolean,
  ): Promise<TrialOutcome> {
    let runDir: string | undefined;
    let tailer: MetricsTailer | undefined;
    const readEpochs = () => {
      if (!runDir) {
        runDir = findTrialRun(launch, launchedAt);
        if (!runDir) return;
        events.runCreated(runDir);
        tailer = new MetricsTailer(path.join(runDir, METRICS_FILE));
      }
      for (const line of tailer?.read().lines ?? []) {
        if (line.type !== 'epoch' || typeof line.epoch !== 'number') continue;
        const logs = Object.fromEntries(
          Object.entries(line).filter(
            (entry): entry is [string, number] =>
              typeof entry[1] === 'number' &&
              !['epoch', 'step', 'time', 'duration_ms', 'samples_per_sec'].includes(entry[0]),
          ),
        );
        events.epoch(line.epoch, logs);
      }
    };
    let job: RayJobInfo;
    for (;;) {
      job = await this.client.status(jobId).catch((error: unknown): RayJobInfo => ({
        status: stopRequested() ? 'STOPPED' : 'RUNNING',
        message: String(error),
      }));
      readEpochs();
      if (TERMINAL_STATUSES.includes(job.status)) break;
      await sleep(POLL_MS);
    }
    const logs = await this.client.logs(jobId).catch(() => '');
    if (runDir && logs) fs.writeFileSync(path.join(runDir, 'ray-job.log'), logs);
    return outcomeOf(job, runDir, logs);
  }
}
