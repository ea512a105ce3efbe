/**
 * The Compare panel's message from the chosen runs' folders: each run's loss curves (batch
 * loss downsampled to a bounded series) and the comparison table. Pure but for reading.
 */
import type { CompareRun, HostToCompare } from '../../protocol/compareMessages';
import type { BatchRecord, EpochRecord } from '../../protocol/records';
import type { WithoutVersion } from '../../protocol/version';
import type { RunContents } from '../../runs/runReader';
import { SeriesBuffer } from '../seriesBuffer';
import { compareSections } from './compareTable';
import { runTreeLabel } from './runTreeShape';

/** Batch points per run sent to the panel: plenty for a chart a few hundred pixels wide. */
const MAX_BATCH_POINTS = 4000;
const CURVE_KEYS = ['loss', 'val_loss'];

export function compareMessage(runs: readonly RunContents[], now = Date.now()): WithoutVersion<HostToCompare> {
  return {
    type: 'compare',
    runs: runs.map((run) => compareRun(run, runTreeLabel(run, now, runs))),
    sections: compareSections(runs),
  };
}

/** `label`: as Run History names it, with seconds where two compared runs share a minute. */
function compareRun(run: RunContents, label: string): CompareRun {
  const batches = new SeriesBuffer<BatchRecord>(MAX_BATCH_POINTS);
  for (const record of run.batches) {
    const loss = record.logs.loss;
    if (loss !== undefined) batches.push({ ...record, logs: { loss } });
  }
  return {
    runId: run.info.runId,
    label,
    status: run.info.status,
    batches: batches.values(),
    epochs: run.epochs.map(curveLogsOnly),
  };
}

function curveLogsOnly(record: EpochRecord): EpochRecord {
  const logs: Record<string, number> = {};
  for (const key of CURVE_KEYS) if (record.logs[key] !== undefined) logs[key] = record.logs[key];
  return { ...record, logs };
}
