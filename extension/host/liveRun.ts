/**
 * What the loss panel shows, kept apart from what the trainer trains. The run being trained is
 * fed by trainer messages checked against its run id; the run being shown is that run or one
 * read from its folder (Run History, attach). A trainer message changes the shown run only when
 * both are the same run, so opening a recorded run while another trains mixes nothing, and
 * opening the training run again shows it whole. Appends are coalesced for the webview.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { toBatchColumns, type BatchColumns } from '../protocol/batchColumns';
import type { RunHeader } from '../protocol/panelMessages';
import type { BatchRecord, EpochRecord } from '../protocol/records';
import type { TrainerToHost } from '../protocol/trainerMessages';
import { METRICS_FILE, type RunInfo } from '../runs/runFiles';
import type { RunContents } from '../runs/runReader';
import { readRunForView } from '../runs/runOverview';
import { EtaEstimator } from '../runs/eta';
import type { RunAppend, RunFeed, RunSnapshot } from './panel/runFeed';
import { newRunHeader, recordedHeader } from './runHeader';
import { RunState } from './runState';

const APPEND_INTERVAL_MS = 33;

/** The size of a run's metrics file now (0 when there is none yet). */
function metricsSize(runDir: string): number {
  try {
    return fs.statSync(path.join(runDir, METRICS_FILE)).size;
  } catch {
    return 0;
  }
}

interface Training {
  runId: string;
  command: string;
  modelFile: string;
}

export class LiveRun implements RunFeed, vscode.Disposable {
  /** The run the trainer is running now, or the run it evaluates (shown with that run's evaluation). */
  private training: Training | undefined;
  /** The last run trained here, whose messages it was fed. */
  private live: RunState | undefined;
  /** A resumed run whose records on disk are being read: its trainer's messages wait for them. */
  private resuming: { runId: string; waiting: ((state: RunState) => void)[] } | undefined;
  private shown: RunState | undefined;
  private appendTimer: NodeJS.Timeout | undefined;
  private readonly changeRun = new vscode.EventEmitter<void>();
  private readonly append = new vscode.EventEmitter<RunAppend>();
  private readonly changeHeader = new vscode.EventEmitter<RunHeader>();

  readonly onDidChangeRun = this.changeRun.event;
  readonly onDidAppend = this.append.event;
  /** Fires when the header of the run being trained changes, or, when none trains, the shown run's (status bar, context keys). */
  readonly onDidChangeHeader = this.changeHeader.event;

  snapshot(): RunSnapshot {
    return this.shown?.snapshot() ?? { header: null, batches: toBatchColumns([]), epochs: [], controls: [] };
  }

  /** The shown run's batches in [fromStep, toStep], downsampled to about `maxPoints` (a zoomed chart's detail). */
  range(runId: string, fromStep: number, toStep: number, maxPoints: number): BatchColumns | undefined {
    return this.shown?.runId === runId ? this.shown.batches.view(fromStep, toStep, maxPoints) : undefined;
  }

  /** The header of the shown run. */
  get current(): RunHeader | null {
    return this.shown?.header ?? null;
  }

  /** The newest epoch record of the run the status bar follows (see onDidChangeHeader). */
  get latestEpoch(): EpochRecord | undefined {
    return (this.training ? this.live : this.shown)?.epochs.last();
  }

  /** The id of the run being trained, if any (the shown run may be another). */
  get trainingRunId(): string | undefined {
    return this.training?.runId;
  }

  /**
   * Applies one validated trainer message of run `runId` (the run its trainer created, as its
   * supervisor knows it; by default the run being trained). A new run becomes the shown one.
   */
  apply(message: TrainerToHost, runId = this.training?.runId): void {
    if (message.type === 'runCreated') {
      this.training = { runId: message.runId, command: message.command, modelFile: message.modelFile };
      if (message.command !== 'evaluate') this.startRun(message);
      return;
    }
    if (message.type === 'evaluationStarted') {
      this.training = { runId: message.runId, command: 'evaluate', modelFile: message.modelFile };
      return;
    }
    const training = this.training;
    if (runId === undefined || runId !== training?.runId) return;
    if (message.type === 'runEnded') this.training = undefined;
    if (training.command === 'evaluate') this.applyEvaluation(training.runId, message);
    else if (this.resuming?.runId === runId) this.resuming.waiting.push((state) => this.applyToLive(state, message));
    else if (this.live?.runId === runId) this.applyToLive(this.live, message);
  }

  private applyToLive(state: RunState, message: TrainerToHost): void {
    switch (message.type) {
      case 'trainingStarted':
        state.eta = new EtaEstimator();
        state.stepOffset = state.header.step;
        this.patch(state, {
          backend: message.backend,
          ...(message.execution && { execution: message.execution }),
          ...(message.mode && { mode: message.mode }),
          config: message.config,
          summary: message.summary,
          totalEpochs: message.config.epochs,
          stepsPerEpoch: message.stepsPerEpoch,
        });
        break;
      case 'batches':
        this.onBatches(state, message.records);
        break;
      case 'epochEnd':
        state.addEpochs([message.record]);
        this.patch(state, {
          epoch: message.record.epoch,
          samplesPerSec: message.record.samplesPerSec,
          // A dataset of unknown size: its first epoch tells how many steps an epoch has (for the ETA).
          stepsPerEpoch: state.header.stepsPerEpoch ?? message.record.step - state.stepOffset,
        });
        break;
      case 'runEnded':
        this.patch(state, {
          status: message.status,
          endedAt: message.endedAt,
          etaSeconds: null,
          paused: false,
          error: message.error ?? null,
        });
        this.flushAppend();
        break;
      case 'control':
        state.addControl(message.record);
        if (message.record.action === 'pause' || message.record.action === 'continue') {
          this.patch(state, { paused: message.record.action === 'pause' });
        } else if (message.record.action === 'setLearningRate' && state.header.config) {
          // The header shows the rate the optimizer uses now.
          this.patch(state, { config: { ...state.header.config, learningRate: message.record.value } });
        } else this.scheduleAppend(state);
        break;
      default:
        break;
    }
  }

  private startRun(message: Extract<TrainerToHost, { type: 'runCreated' }>): void {
    this.resuming = undefined;
    if (message.resumedAtStep === undefined) {
      this.startLive(message, undefined);
      return;
    }
    // A resume continues the same run: what is on disk (read without blocking the host), then followed live.
    const resuming = { runId: message.runId, waiting: [] as ((state: RunState) => void)[] };
    this.resuming = resuming;
    this.live = undefined;
    // What the run held when it resumed: the trainer's later records arrive as messages too.
    void readRunForView(message.runDir, { upTo: metricsSize(message.runDir) })
      .catch(() => undefined)
      .then((earlier) => {
        if (this.resuming !== resuming) return; // another run started meanwhile
        this.resuming = undefined;
        const state = this.startLive(message, earlier);
        for (const apply of resuming.waiting) apply(state);
      });
  }

  private startLive(
    message: Extract<TrainerToHost, { type: 'runCreated' }>,
    earlier: RunContents | undefined,
  ): RunState {
    const state = earlier
      ? RunState.recorded(earlier)
      : new RunState(newRunHeader(message.runId, message.modelFile, message.startedAt));
    this.live = state;
    this.show(state);
    if (earlier) this.patch(state, { status: 'running', endedAt: null, error: null, etaSeconds: null });
    return state;
  }

  /** An evaluation of a run's checkpoint is shown with that run (when it is the one shown). */
  private applyEvaluation(runId: string, message: TrainerToHost): void {
    const shown = this.shown;
    if (message.type !== 'evaluation' || shown?.runId !== runId) return;
    const { split, checkpoint, logs, classification } = message;
    this.patch(shown, {
      evaluation: { split, checkpoint, logs, time: Date.now(), ...(classification && { classification }) },
    });
    this.flushAppend();
  }

  /** Records how run `runId` ended when its trainer died without saying so (as its supervisor recorded it). */
  markEnded(runId: string, status: 'stopped' | 'failed', error: RunHeader['error']): void {
    if (this.training?.runId === runId) this.training = undefined;
    if (this.resuming?.runId === runId) {
      this.resuming.waiting.push(() => this.markEnded(runId, status, error));
      return;
    }
    const state = this.live;
    if (state?.runId !== runId || state.header.status !== 'running') return;
    this.patch(state, { status, endedAt: Date.now(), etaSeconds: null, paused: false, error });
    this.flushAppend();
  }

  /**
   * A resume ended before it took its run over (its trainer killed while the model was rebuilt):
   * the run is shown as its files still say, not as a run that was stopped.
   */
  resumeCancelled(runId: string, recorded: RunContents | undefined): void {
    const followed = this.resuming?.runId === runId || this.live?.runId === runId;
    if (this.training?.runId === runId) this.training = undefined;
    if (this.resuming?.runId === runId) this.resuming = undefined;
    if (this.live?.runId === runId) this.live = undefined;
    if (followed && recorded) this.show(RunState.recorded(recorded));
  }

  /** Shows a run read from its folder; the run trained here is shown from memory, whole and live. */
  showRecorded(run: RunContents): void {
    this.show(run.info.runId === this.live?.runId ? this.live : RunState.recorded(run));
  }

  /**
   * Adds records read from a run folder that another process is writing (attach), with the
   * status and times of its latest run.json. Ignored unless that run is the one shown.
   */
  appendRecorded(info: RunInfo, batches: BatchRecord[], epochs: EpochRecord[]): void {
    const state = this.shown;
    if (state?.runId !== info.runId || state === this.live) return;
    const shown = state.header;
    state.addBatches(batches);
    state.addEpochs(epochs);
    const next = recordedHeader(info, batches.at(-1), epochs.at(-1));
    this.patch(state, {
      ...next,
      // While running, the header shows the epoch in progress, as for a run trained here.
      epoch: Math.max(shown.epoch, next.epoch, info.status === 'running' ? (batches.at(-1)?.epoch ?? 0) : 0),
      step: Math.max(shown.step, next.step),
      samplesPerSec: next.samplesPerSec ?? shown.samplesPerSec,
    });
    if (info.status !== 'running') this.flushAppend();
  }

  dispose(): void {
    if (this.appendTimer) clearTimeout(this.appendTimer);
    this.changeRun.dispose();
    this.append.dispose();
    this.changeHeader.dispose();
  }

  private onBatches(state: RunState, records: BatchRecord[]): void {
    const last = records[records.length - 1];
    if (!last) return;
    state.addBatches(records);
    const header = state.header;
    const totalSteps = header.stepsPerEpoch === null ? null : header.stepsPerEpoch * header.totalEpochs;
    state.eta.observe(last.step, last.time);
    state.header = {
      ...header,
      step: last.step,
      epoch: Math.max(header.epoch, last.epoch),
      etaSeconds: state.eta.secondsLeft(last.step, totalSteps),
    };
    this.scheduleAppend(state);
  }

  private show(state: RunState): void {
    this.flushAppend();
    state.takePending();
    this.shown = state;
    this.fireHeader(state);
    this.changeRun.fire();
  }

  /** The status bar follows the run being trained; with none, the shown one. */
  private fireHeader(state: RunState): void {
    if (state === (this.training ? this.live : this.shown)) this.changeHeader.fire(state.header);
  }

  private patch(state: RunState, changes: Partial<RunHeader>): void {
    state.header = { ...state.header, ...changes };
    this.fireHeader(state);
    this.scheduleAppend(state);
  }

  private scheduleAppend(state: RunState): void {
    if (state !== this.shown) {
      state.takePending(); // not on screen: shown again, it goes whole, as a snapshot
      return;
    }
    this.appendTimer ??= setTimeout(() => this.flushAppend(), APPEND_INTERVAL_MS);
  }

  private flushAppend(): void {
    if (this.appendTimer) clearTimeout(this.appendTimer);
    this.appendTimer = undefined;
    const state = this.shown;
    if (!state) return;
    const { batches, epochs, controls } = state.takePending();
    // Batches change the header (step, epoch in progress, ETA) without firing it each time.
    if (batches.length > 0) this.fireHeader(state);
    this.append.fire({ runId: state.runId, header: state.header, batches: toBatchColumns(batches), epochs, controls });
  }
}
