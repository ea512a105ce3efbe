/**
 * Exports a run folder as a TensorBoard event file, so `tensorboard --logdir` opens it:
 * `batch/<metric>` scalars at each global step, `epoch/<metric>` scalars at each epoch (the
 * Keras convention), and from `layer_stats` records `weights/<layer>` and `activations/<layer>`
 * histograms plus `gradient_norm/<layer>` and `update_ratio/<layer>` scalars.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { LayerStatsRecord, TensorStats } from '../../protocol/inspection';
import type { RunContents } from '../runReader';
import { fileVersionEvent, histogramEvent, scalarEvent, bucketsOf } from './tensorboardEvents';
import { TfRecordWriter } from './tfRecord';

export interface TensorBoardExport {
  file: string;
  events: number;
}

type Emit = (event: Uint8Array) => void;

const seconds = (ms: number): number => (Number.isFinite(ms) ? ms / 1000 : 0);

export function eventFileName(startedAtMs: number, hostname = os.hostname()): string {
  return `events.out.tfevents.${Math.floor(startedAtMs / 1000)}.${hostname.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
}

function emitLogs(emit: Emit, prefix: string, time: number, step: number, logs: Record<string, number>): void {
  for (const [name, value] of Object.entries(logs)) emit(scalarEvent(seconds(time), step, `${prefix}/${name}`, value));
}

function emitStats(emit: Emit, tag: string, record: LayerStatsRecord, stats: TensorStats | undefined): void {
  if (!stats) return;
  const num = stats.histogram.counts.reduce((a, b) => a + b, 0);
  const moments = { num, sum: stats.mean * num, sumSquares: num * (stats.std ** 2 + stats.mean ** 2) };
  emit(histogramEvent(seconds(record.time), record.step, tag, bucketsOf(stats.histogram), moments));
}

function emitLayerStats(emit: Emit, record: LayerStatsRecord): void {
  const at = seconds(record.time);
  for (const layer of record.layers) {
    emitStats(emit, `weights/${layer.name}`, record, layer.weights);
    emitStats(emit, `activations/${layer.name}`, record, layer.activation?.stats);
    if (typeof layer.gradientNorm === 'number')
      emit(scalarEvent(at, record.step, `gradient_norm/${layer.name}`, layer.gradientNorm));
    if (typeof layer.updateRatio === 'number')
      emit(scalarEvent(at, record.step, `update_ratio/${layer.name}`, layer.updateRatio));
  }
}

function emitRun(emit: Emit, run: RunContents, startedAtMs: number): void {
  emit(fileVersionEvent(seconds(startedAtMs)));
  for (const batch of run.batches) emitLogs(emit, 'batch', batch.time, batch.step, batch.logs);
  for (const epoch of run.epochs) {
    emitLogs(emit, 'epoch', epoch.time, epoch.epoch, { ...epoch.logs, samples_per_sec: epoch.samplesPerSec });
  }
  for (const record of run.layerStats) emitLayerStats(emit, record);
}

/** Writes `events.out.tfevents.<time>.<host>` into `outDir` (created if needed). */
export function exportTensorBoard(run: RunContents, outDir: string): TensorBoardExport {
  fs.mkdirSync(outDir, { recursive: true });
  const startedAtMs = Date.parse(run.info.startedAt);
  const writer = new TfRecordWriter(path.join(outDir, eventFileName(startedAtMs, run.info.hostname)));
  let events = 0;
  try {
    emitRun(
      (event) => {
        writer.write(event);
        events++;
      },
      run,
      startedAtMs,
    );
  } catch (error) {
    writer.abandon();
    throw error;
  }
  writer.close();
  return { file: writer.file, events };
}
