/** One run as the host holds it for the panel: its header, bounded series, and what the panel has not been sent yet. */
import type { RunHeader } from '../protocol/panelMessages';
import type { BatchRecord, ControlRecord, EpochRecord } from '../protocol/records';
import { EtaEstimator } from '../runs/eta';
import type { RunContents } from '../runs/runReader';
import type { RunSnapshot } from './panel/runFeed';
import { recordedHeader } from './runHeader';
import { BatchColumnStore, HOST_BATCH_CAPACITY, OVERVIEW_POINTS } from './batchColumnStore';
import { SeriesBuffer } from './seriesBuffer';

const MAX_EPOCH_POINTS = 10_000;
const MAX_CONTROL_MARKERS = 1_000;

export interface PendingAppend {
  batches: BatchRecord[];
  epochs: EpochRecord[];
  controls: ControlRecord[];
}

export class RunState {
  readonly batches = new BatchColumnStore(HOST_BATCH_CAPACITY);
  readonly epochs = new SeriesBuffer<EpochRecord>(MAX_EPOCH_POINTS);
  readonly controls = new SeriesBuffer<ControlRecord>(MAX_CONTROL_MARKERS);
  /** Steps done before this trainer started (a resume), for the steps per epoch of a dataset of unknown size. */
  stepOffset = 0;
  eta = new EtaEstimator();
  private pending: PendingAppend = { batches: [], epochs: [], controls: [] };

  constructor(public header: RunHeader) {}

  static recorded(run: RunContents): RunState {
    const state = new RunState({
      ...recordedHeader(run.info, run.batches.at(-1), run.epochs.at(-1), run.interrupted),
      evaluation: run.evaluation ?? null,
    });
    state.batches.push(run.batches);
    state.epochs.push(...run.epochs);
    state.controls.push(...run.controls);
    return state;
  }

  get runId(): string {
    return this.header.runId;
  }

  addBatches(records: BatchRecord[]): void {
    this.batches.push(records);
    this.pending.batches.push(...records);
  }

  addEpochs(records: EpochRecord[]): void {
    this.epochs.push(...records);
    this.pending.epochs.push(...records);
  }

  addControl(record: ControlRecord): void {
    this.controls.push(record);
    this.pending.controls.push(record);
  }

  /** What was added since the last call. */
  takePending(): PendingAppend {
    const pending = this.pending;
    this.pending = { batches: [], epochs: [], controls: [] };
    return pending;
  }

  snapshot(): RunSnapshot {
    return {
      header: this.header,
      batches: this.batches.overview(OVERVIEW_POINTS),
      epochs: this.epochs.values(),
      controls: this.controls.values(),
    };
  }
}
