/**
 * The run the loss panel shows: its header and bounded series, fed by trainer messages (live)
 * or by a run folder on disk (a finished run). Appends are coalesced for the webview.
 */
import * as vscode from 'vscode';
import { toBatchColumns, type BatchColumns } from '../protocol/batchColumns';
import type { RunHeader } from '../protocol/panelMessages';
import type { BatchRecord, ControlRecord, EpochRecord } from '../protocol/records';
import type { TrainerToHost } from '../protocol/trainerMessages';
import type { RunInfo } from '../runs/runFiles';
import { readRun, type RunContents } from '../runs/runReader';
import { EtaEstimator } from '../runs/eta';
import type { RunAppend, RunFeed, RunSnapshot } from './panel/runFeed';
import { newRunHeader, recordedHeader } from './runHeader';
import { BatchColumnStore, HOST_BATCH_CAPACITY, OVERVIEW_POINTS } from './batchColumnStore';
import { SeriesBuffer } from './seriesBuffer';

const MAX_EPOCH_POINTS = 10_000;
const MAX_CONTROL_MARKERS = 1_000;
const APPEND_INTERVAL_MS = 33;

export class LiveRun implements RunFeed, vscode.Disposable {
  private header: RunHeader | null = null;
  private readonly batches = new BatchColumnStore(HOST_BATCH_CAPACITY);
  private readonly epochs = new SeriesBuffer<EpochRecord>(MAX_EPOCH_POINTS);
  private pendingBatches: BatchRecord[] = [];
  private pendingEpochs: EpochRecord[] = [];
  private readonly controls = new SeriesBuffer<ControlRecord>(MAX_CONTROL_MARKERS);
  private pendingControls: ControlRecord[] = [];
  /** What the trainer is running: evaluations annotate the shown run instead of replacing it. */
  private following: { command: string; modelFile: string } | undefined;
  /** Steps done before this trainer started (a resume), for the ETA. */
  private stepOffset = 0;
  private appendTimer: NodeJS.Timeout | undefined;
  private eta = new EtaEstimator();
  private readonly changeRun = new vscode.EventEmitter<void>();
  private readonly append = new vscode.EventEmitter<RunAppend>();
  private readonly changeHeader = new vscode.EventEmitter<RunHeader>();

  readonly onDidChangeRun = this.changeRun.event;
  readonly onDidAppend = this.append.event;
  /** Fires on every header change (status bar, context keys). */
  readonly onDidChangeHeader = this.changeHeader.event;

  snapshot(): RunSnapshot {
    return {
      header: this.header,
      batches: this.batches.overview(OVERVIEW_POINTS),
      epochs: this.epochs.values(),
      controls: this.controls.values(),
    };
  }

  /** The shown run's batches in [fromStep, toStep], downsampled to about `maxPoints` (a zoomed chart's detail). */
  range(runId: string, fromStep: number, toStep: number, maxPoints: number): BatchColumns | undefined {
    return this.header?.runId === runId ? this.batches.view(fromStep, toStep, maxPoints) : undefined;
  }

  get current(): RunHeader | null {
    return this.header;
  }

  /** The shown run's newest epoch record (the status bar shows its loss, as the panel does). */
  get latestEpoch(): EpochRecord | undefined {
    return this.epochs.last();
  }

  /** Applies one validated trainer message. */
  apply(message: TrainerToHost): void {
    if (this.following?.command === 'evaluate' && message.type !== 'runCreated') {
      this.applyEvaluation(message);
      return;
    }
    switch (message.type) {
      case 'runCreated':
        this.following = { command: message.command, modelFile: message.modelFile };
        if (message.command !== 'evaluate') this.startRun(message);
        break;
      case 'trainingStarted':
        this.eta = new EtaEstimator();
        this.stepOffset = this.header?.step ?? 0;
        this.patch({
          backend: message.backend,
          ...(message.execution && { execution: message.execution }),
          config: message.config,
          summary: message.summary,
          totalEpochs: message.config.epochs,
          stepsPerEpoch: message.stepsPerEpoch,
        });
        break;
      case 'batches':
        this.onBatches(message.records);
        break;
      case 'epochEnd':
        this.epochs.push(message.record);
        this.pendingEpochs.push(message.record);
        this.patch({
          epoch: message.record.epoch,
          samplesPerSec: message.record.samplesPerSec,
          // A dataset of unknown size: its first epoch tells how many steps an epoch has (for the ETA).
          stepsPerEpoch: this.header?.stepsPerEpoch ?? message.record.step - this.stepOffset,
        });
        break;
      case 'runEnded':
        this.patch({
          status: message.status,
          endedAt: message.endedAt,
          etaSeconds: null,
          paused: false,
          error: message.error ?? null,
        });
        this.flushAppend();
        break;
      case 'control':
        this.controls.push(message.record);
        this.pendingControls.push(message.record);
        if (message.record.action === 'pause' || message.record.action === 'continue') {
          this.patch({ paused: message.record.action === 'pause' });
        } else if (message.record.action === 'setLearningRate' && this.header?.config) {
          // The header shows the rate the optimizer uses now.
          this.patch({ config: { ...this.header.config, learningRate: message.record.value } });
        } else this.scheduleAppend();
        break;
      default:
        break;
    }
  }

  private startRun(message: Extract<TrainerToHost, { type: 'runCreated' }>): void {
    const earlier = message.resumedAtStep !== undefined ? readRun(message.runDir) : undefined;
    if (earlier) {
      // A resume continues the same run: show what is on disk, then follow it live.
      this.showRecorded(earlier);
      this.patch({ status: 'running', endedAt: null, error: null, etaSeconds: null });
      return;
    }
    this.reset(newRunHeader(message.runId, message.modelFile, message.startedAt));
  }

  /** An evaluation of the shown model file's checkpoint is shown with its run. */
  private applyEvaluation(message: TrainerToHost): void {
    if (message.type !== 'evaluation' || this.header?.modelFile !== this.following?.modelFile) return;
    const { split, checkpoint, logs, classification } = message;
    this.patch({
      evaluation: { split, checkpoint, logs, time: Date.now(), ...(classification && { classification }) },
    });
    this.flushAppend();
  }

  /** Marks the run failed when the trainer died without saying how it ended. */
  markFailed(error: NonNullable<RunHeader['error']>): void {
    if (this.header?.status !== 'running') return;
    this.patch({ status: 'failed', endedAt: Date.now(), etaSeconds: null, error });
    this.flushAppend();
  }

  /** Shows a run read from its folder. */
  showRecorded(run: RunContents): void {
    this.reset(recordedHeader(run.info, run.batches.at(-1), run.epochs.at(-1), run.interrupted));
    this.batches.push(run.batches);
    this.epochs.push(...run.epochs);
    this.controls.push(...run.controls);
    this.changeRun.fire();
  }

  /**
   * Adds records read from a run folder that another process is writing (attach), with the
   * status and times of its latest run.json. Ignored unless that run is the one shown.
   */
  appendRecorded(info: RunInfo, batches: BatchRecord[], epochs: EpochRecord[]): void {
    const shown = this.header;
    if (shown?.runId !== info.runId) return;
    this.batches.push(batches);
    this.pendingBatches.push(...batches);
    this.epochs.push(...epochs);
    this.pendingEpochs.push(...epochs);
    const next = recordedHeader(info, batches.at(-1), epochs.at(-1));
    this.patch({
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

  private onBatches(records: BatchRecord[]): void {
    const last = records[records.length - 1];
    if (!last || !this.header) return;
    this.batches.push(records);
    this.pendingBatches.push(...records);
    const totalSteps = this.header.stepsPerEpoch === null ? null : this.header.stepsPerEpoch * this.header.totalEpochs;
    this.eta.observe(last.step, last.time);
    this.header = {
      ...this.header,
      step: last.step,
      epoch: Math.max(this.header.epoch, last.epoch),
      etaSeconds: this.eta.secondsLeft(last.step, totalSteps),
    };
    this.scheduleAppend();
  }

  private reset(header: RunHeader): void {
    this.flushAppend();
    this.batches.clear();
    this.epochs.clear();
    this.controls.clear();
    this.stepOffset = 0;
    this.header = header;
    this.changeHeader.fire(header);
    this.changeRun.fire();
  }

  private patch(changes: Partial<RunHeader>): void {
    if (!this.header) return;
    this.header = { ...this.header, ...changes };
    this.changeHeader.fire(this.header);
    this.scheduleAppend();
  }

  private scheduleAppend(): void {
    this.appendTimer ??= setTimeout(() => this.flushAppend(), APPEND_INTERVAL_MS);
  }

  private flushAppend(): void {
    if (this.appendTimer) clearTimeout(this.appendTimer);
    this.appendTimer = undefined;
    if (!this.header) return;
    const batches = this.pendingBatches;
    const epochs = this.pendingEpochs;
    const controls = this.pendingControls;
    this.pendingBatches = [];
    this.pendingEpochs = [];
    this.pendingControls = [];
    // Batches change the header (step, epoch in progress, ETA) without firing it each time.
    if (batches.length > 0) this.changeHeader.fire(this.header);
    const columns = toBatchColumns(batches);
    this.append.fire({ runId: this.header.runId, header: this.header, batches: columns, epochs, controls });
  }
}
