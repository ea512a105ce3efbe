/**
 * The run the panel shows: header, batch and epoch series and run-control changes, updated
 * from host messages.
 * Pure: every function returns what changed; nothing here touches the DOM.
 */
import { batchRecords } from '../../extension/protocol/batchColumns';
import type { HostToPanel, RunHeader } from '../../extension/protocol/panelMessages';
import type { BatchRecord, ControlRecord, EpochRecord } from '../../extension/protocol/records';

/** A range of the batch series at finer detail than the overview, for a zoomed chart. */
export interface BatchDetail {
  readonly fromStep: number;
  readonly toStep: number;
  readonly batches: readonly BatchRecord[];
}

export interface RunState {
  readonly header: RunHeader | null;
  readonly batches: readonly BatchRecord[];
  readonly epochs: readonly EpochRecord[];
  /** Pauses, new learning rates, added epochs, resumes: drawn as markers on the charts. */
  readonly controls: readonly ControlRecord[];
  /** The newest detail the host sent for a zoomed range, if any. */
  readonly detail: BatchDetail | null;
}

/**
 * Above this many batch points the panel halves its copy: the host's snapshot is an overview of
 * at most 4,000 points, but live appends carry every batch, and redrawing costs grow with the
 * points kept. A chart is ~1,000 pixels wide anyway; zooming in asks the host for detail.
 */
export const MAX_PANEL_BATCHES = 40_000;

export const EMPTY_RUN: RunState = { header: null, batches: [], epochs: [], controls: [], detail: null };

/**
 * The state after a host message, or `'resync'` when an append does not belong to the
 * shown run (a snapshot was missed): the panel then asks for the full state again.
 */
export function applyHostMessage(state: RunState, message: HostToPanel): RunState | 'resync' {
  if (message.type === 'snapshot') {
    const { header, epochs, controls } = message;
    return { header, batches: bound(batchRecords(message.batches)), epochs, controls, detail: null };
  }
  if (state.header === null || state.header.runId !== message.runId) {
    return message.type === 'range' ? state : 'resync';
  }
  if (message.type === 'range') {
    const { fromStep, toStep } = message;
    return { ...state, detail: { fromStep, toStep, batches: batchRecords(message.batches) } };
  }
  return {
    header: message.header,
    batches: bound(appendAfter(state.batches, batchRecords(message.batches), (record) => record.step)),
    epochs: appendAfter(state.epochs, message.epochs, (record) => record.epoch),
    controls: appendControls(state.controls, message.controls),
    detail: state.detail,
  };
}

/** The batches with `detail` in place of the overview's points in its range (for a zoomed chart). */
export function withDetail(batches: readonly BatchRecord[], detail: BatchDetail): BatchRecord[] {
  const before = batches.filter((record) => record.step < detail.fromStep);
  const after = batches.filter((record) => record.step > detail.toStep);
  return [...before, ...detail.batches, ...after];
}

/**
 * Appends control records not held yet. Several may share a step and even a time (a pause
 * and its continue at one batch boundary), so a record is a repeat only when all of it is.
 */
function appendControls(held: readonly ControlRecord[], incoming: readonly ControlRecord[]): readonly ControlRecord[] {
  const seen = new Set(held.map(controlKey));
  const fresh = incoming.filter((record) => !seen.has(controlKey(record)));
  return fresh.length === 0 ? held : held.concat(fresh);
}

function controlKey(record: ControlRecord): string {
  return `${record.action}:${record.step}:${record.time}:${record.value}`;
}

/** Appends the records that come after the last one held (by `key`), dropping repeats. */
function appendAfter<T>(held: readonly T[], incoming: readonly T[], key: (record: T) => number): readonly T[] {
  if (incoming.length === 0) return held;
  const newest = held.at(-1);
  const after = newest === undefined ? -Infinity : key(newest);
  const fresh = incoming.filter((record) => key(record) > after);
  return fresh.length === 0 ? held : held.concat(fresh);
}

/** Keeps every other point (and always the newest) until the series fits the bound. */
export function bound<T>(records: readonly T[], max = MAX_PANEL_BATCHES): readonly T[] {
  let kept = records;
  while (kept.length > max) {
    const last = kept.length - 1;
    kept = kept.filter((_, i) => (last - i) % 2 === 0);
  }
  return kept;
}
