/**
 * Runs a sweep's trials through an executor, at most `parallel` at once; applies early
 * stopping to the epoch metrics they report; keeps `sweep.json` current after every change.
 * Resuming a sweep re-runs only the trials that had not finished.
 */
import * as path from 'node:path';
import { MetricsTailer } from '../host/history/metricsTailer';
import { METRICS_FILE } from '../runs/runFiles';
import type { SweepRecord, SweepStatus, TrialRecord, TrialState } from '../protocol/sweep';
import { EarlyStopper } from './earlyStopping';
import { writeSweep } from './sweepStore';
import type { RunningTrial, TrialExecutor, TrialLaunch, TrialOutcome } from './trialExecutor';

/** What the sweep tells its front door (the CLI's printer, the editor's view) as it goes. */
export interface SweepListener {
  changed?(record: SweepRecord): void;
  trialStarted?(trial: TrialRecord): void;
  trialEnded?(trial: TrialRecord): void;
  log?(text: string): void;
}

export type LaunchDefaults = Omit<TrialLaunch, 'tag' | 'threads'>;

const FINISHED: TrialState[] = ['completed', 'pruned', 'failed'];
const SECONDS = 1000;

export function isFinished(trial: TrialRecord): boolean {
  return FINISHED.includes(trial.state);
}

/** The best trial by its final metric: among completed trials, or, while none has completed, all that reported. */
export function bestTrial(record: SweepRecord): SweepRecord['best'] {
  const reported = record.trials.filter((t) => t.metric !== null && Number.isFinite(t.metric));
  const completed = reported.filter((t) => t.state === 'completed');
  const pool = completed.length > 0 ? completed : reported;
  const sign = record.spec.goal === 'minimize' ? 1 : -1;
  const best = pool.reduce<TrialRecord | undefined>(
    (a, b) => (a === undefined || sign * (b.metric as number) < sign * (a.metric as number) ? b : a),
    undefined,
  );
  return best ? { index: best.index, metric: best.metric as number, params: best.params } : null;
}

export class SweepScheduler {
  private readonly running = new Map<number, RunningTrial>();
  private readonly pruning = new Set<number>();
  private readonly stopper: EarlyStopper;
  private stopping = false;
  private aborted = false;

  constructor(
    private record: SweepRecord,
    private readonly sweepDir: string,
    private readonly executor: TrialExecutor,
    private readonly defaults: LaunchDefaults,
    private readonly listener: SweepListener = {},
  ) {
    this.stopper = new EarlyStopper(record.spec.earlyStopping, record.spec.goal);
  }

  get current(): SweepRecord {
    return this.record;
  }

  /** Stops every trial at its next batch; the sweep ends as `stopped` and can be resumed. */
  stop(): void {
    if (this.stopping) return;
    this.stopping = true;
    for (const trial of this.running.values()) trial.stop();
  }

  /** Ends every trial now (a second Ctrl+C). */
  abort(): void {
    this.stopping = true;
    this.aborted = true;
    for (const trial of this.running.values()) trial.kill();
  }

  async run(): Promise<SweepStatus> {
    this.replayFinishedTrials();
    this.update({
      status: 'running',
      trials: this.record.trials.map((t) =>
        isFinished(t) ? t : { ...t, state: 'pending', metric: null, epochs: 0, runDir: null },
      ),
    });
    const slots = Array.from({ length: this.record.executor.parallel }, () => this.runTrialsInSlot());
    await Promise.all(slots);
    const finishedAll = this.record.trials.every(isFinished);
    const anyUseful = this.record.trials.some((t) => t.state === 'completed' || t.state === 'pruned');
    const status: SweepStatus = !finishedAll ? 'stopped' : anyUseful ? 'completed' : 'failed';
    this.update({ status });
    return status;
  }

  /** One slot of the pool: takes the next pending trial until none is left or the sweep stops. */
  private async runTrialsInSlot(): Promise<void> {
    for (;;) {
      if (this.stopping) return;
      const next = this.record.trials.find((t) => t.state === 'pending');
      if (!next) return;
      this.setTrial(next.index, { state: 'running', startedAt: new Date().toISOString(), endedAt: null });
      await this.runTrial(next);
    }
  }

  private async runTrial(trial: TrialRecord): Promise<void> {
    const { index } = trial;
    this.stopper.forget(index);
    this.listener.trialStarted?.(this.trial(index));
    let outcome: TrialOutcome;
    try {
      const handle = await this.executor.launch(
        {
          ...this.defaults,
          tag: { sweepId: this.record.sweepId, index, params: trial.params },
          threads: this.record.executor.threadsPerTrial,
        },
        {
          runCreated: (runDir) => this.setTrial(index, { runDir }),
          epoch: (epoch, logs) => this.onEpoch(index, epoch, logs),
          log: (text) => this.listener.log?.(text),
        },
      );
      if (handle.jobId) this.setTrial(index, { jobId: handle.jobId });
      this.running.set(index, handle);
      if (this.aborted) handle.kill();
      else if (this.stopping) handle.stop();
      outcome = await handle.ended;
    } catch (error) {
      outcome = { status: 'failed', error: error instanceof Error ? error.message : String(error) };
    } finally {
      this.running.delete(index);
    }
    // A trial that finished every epoch before the stop reached it is completed, pruned or not.
    const state: TrialState =
      this.pruning.has(index) && outcome.status !== 'completed'
        ? 'pruned'
        : outcome.status === 'completed'
          ? 'completed'
          : outcome.status === 'stopped'
            ? 'stopped'
            : 'failed';
    this.setTrial(index, { state, endedAt: new Date().toISOString(), ...(outcome.error && { error: outcome.error }) });
    this.listener.trialEnded?.(this.trial(index));
  }

  private onEpoch(index: number, epoch: number, logs: Record<string, number>): void {
    const value = logs[this.record.spec.metric];
    if (value === undefined) {
      if (epoch === 1)
        this.listener.log?.(
          `trial ${index + 1}: its epochs do not report ${this.record.spec.metric} (they have ${Object.keys(logs).join(', ') || 'nothing'}); set sweep.metric to one of those.`,
        );
      this.setTrial(index, { epochs: epoch });
      return;
    }
    this.setTrial(index, { epochs: epoch, metric: value });
    if (this.pruning.has(index) || this.stopping) return;
    if (this.stopper.report(index, epoch, value) === 'stop') {
      this.pruning.add(index);
      this.listener.log?.(
        `trial ${index + 1}: stopped early at epoch ${epoch} (${this.record.spec.metric} ${value.toPrecision(4)})`,
      );
      this.running.get(index)?.stop();
    }
  }

  /** A resumed sweep's early stopping compares new trials with the finished ones' recorded epochs. */
  private replayFinishedTrials(): void {
    for (const trial of this.record.trials) {
      if (!isFinished(trial) || trial.runDir === null) continue;
      const { lines } = new MetricsTailer(path.join(trial.runDir, METRICS_FILE)).read();
      for (const line of lines) {
        const value = line[this.record.spec.metric];
        if (line.type === 'epoch' && typeof line.epoch === 'number' && typeof value === 'number')
          this.stopper.report(trial.index, line.epoch, value);
      }
    }
  }

  private trial(index: number): TrialRecord {
    return this.record.trials[index] as TrialRecord;
  }

  private setTrial(index: number, changes: Partial<TrialRecord>): void {
    const trials = this.record.trials.map((t) => (t.index === index ? { ...t, ...changes } : t));
    this.update({ trials });
  }

  private update(changes: Partial<SweepRecord>): void {
    const next = { ...this.record, ...changes, updatedAt: new Date().toISOString() };
    this.record = { ...next, best: bestTrial(next) };
    writeSweep(this.sweepDir, this.record);
    this.listener.changed?.(this.record);
  }
}

/** Seconds between two ISO times, for the trial table. */
export function trialSeconds(trial: TrialRecord, now = Date.now()): number | null {
  if (trial.startedAt === null) return null;
  const end = trial.endedAt === null ? now : Date.parse(trial.endedAt);
  return (end - Date.parse(trial.startedAt)) / SECONDS;
}
