import type * as vscode from 'vscode';
import type { BatchColumns } from '../../protocol/batchColumns';
import type { RunHeader } from '../../protocol/panelMessages';
import type { ControlRecord, EpochRecord } from '../../protocol/records';

export interface RunSnapshot {
  header: RunHeader | null;
  /** The whole run's batches, downsampled for the chart. */
  batches: BatchColumns;
  epochs: EpochRecord[];
  controls: ControlRecord[];
}

export interface RunAppend {
  runId: string;
  header: RunHeader;
  /** Every new batch. */
  batches: BatchColumns;
  epochs: EpochRecord[];
  controls: ControlRecord[];
}

/**
 * What the loss panel shows: the current (or last) run's header and bounded series. The
 * panel asks for a snapshot on `ready` and after `onDidChangeRun`, then applies appends.
 */
export interface RunFeed {
  snapshot(): RunSnapshot;
  /** The shown run's batches with steps in [fromStep, toStep], downsampled to about `maxPoints`; undefined for another run. */
  range(runId: string, fromStep: number, toStep: number, maxPoints: number): BatchColumns | undefined;
  /** A different run is now the shown one (a new run started, or one was opened). */
  readonly onDidChangeRun: vscode.Event<void>;
  /** New points for the shown run, coalesced by the feed (at most a few per second). */
  readonly onDidAppend: vscode.Event<RunAppend>;
}

/** What the panel can ask the rest of the extension to do. */
export interface PanelActions {
  stop(runId: string): void;
  openModelFile(runId: string): void;
  train(modelFile: string | undefined): void;
  pause(runId: string): void;
  continue(runId: string): void;
  addEpochs(runId: string, epochs: number): void;
  setLearningRate(runId: string, learningRate: number): void;
  resume(runId: string): void;
  evaluate(runId: string): void;
}
