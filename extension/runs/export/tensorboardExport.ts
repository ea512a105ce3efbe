/**
 * Exports a run folder as a TensorBoard event file, so `tensorboard --logdir` opens it:
 * `batch/<metric>` scalars at each global step, `epoch/<metric>` scalars at each epoch (the
 * Keras convention), and from `layer_stats` records `weights/<layer>` and `activations/<layer>`
 * histograms plus `gradient_norm/<layer>` and `update_ratio/<layer>` scalars; each evaluation
 * recorded in the run as `evaluation/<split>/<metric>` at the epoch of the checkpoint it scored.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { LayerStatsRecord, TensorStats } from '../../protocol/inspection';
import type { BatchRecord, EpochRecord } from '../../protocol/records';
import type { RecordedEvaluation } from '../evaluationRecords';
import type { RunContents } from '../runReader';
import {
  sumOf,
  writeFileVersionEvent,
  writeHistogramEvent,
  writeScalarEvent,
  type EventTarget,
} from './tensorboardEvents';
import { TfRecordWriter } from './tfRecord';

export interface TensorBoardExport {
  file: string;
  events: number;
}

const seconds = (ms: number): number => (Number.isFinite(ms) ? ms / 1000 : 0);

export function eventFileName(startedAtMs: number, hostname = os.hostname()): string {
  return `events.out.tfevents.${Math.floor(startedAtMs / 1000)}.${hostname.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
}

const tags = new Map<string, Map<string, string>>();

/** `batch/loss`: one string per metric, not one per event. */
function tagOf(prefix: string, name: string): string {
  let byName = tags.get(prefix);
  if (byName === undefined) tags.set(prefix, (byName = new Map()));
  let tag = byName.get(name);
  if (tag === undefined) {
    tag = `${prefix}/${name}`;
    if (byName.size < 10_000) byName.set(name, tag);
  }
  return tag;
}

/** One event file written record by record, in the order the run recorded them. */
export class TensorBoardEventWriter {
  private readonly writer: TfRecordWriter;
  /** The record writer, counting the events written. */
  private readonly target: EventTarget;
  private count = 0;

  constructor(outDir: string, startedAtMs: number, hostname: string) {
    fs.mkdirSync(outDir, { recursive: true });
    const writer = new TfRecordWriter(path.join(outDir, eventFileName(startedAtMs, hostname)));
    this.writer = writer;
    this.target = {
      get buffer() {
        return writer.buffer;
      },
      begin: (length) => writer.begin(length),
      commit: (length) => {
        writer.commit(length);
        this.count++;
      },
    };
    writeFileVersionEvent(this.target, seconds(startedAtMs));
  }

  batch(batch: BatchRecord): void {
    this.logs('batch', batch.time, batch.step, batch.logs);
  }

  epoch(epoch: EpochRecord): void {
    this.logs('epoch', epoch.time, epoch.epoch, epoch.logs);
    writeScalarEvent(
      this.target,
      seconds(epoch.time),
      epoch.epoch,
      tagOf('epoch', 'samples_per_sec'),
      epoch.samplesPerSec,
    );
  }

  layerStats(record: LayerStatsRecord): void {
    const at = seconds(record.time);
    for (const layer of record.layers) {
      this.histogram(at, record.step, `weights/${layer.name}`, layer.weights);
      this.histogram(at, record.step, `activations/${layer.name}`, layer.activation?.stats);
      if (typeof layer.gradientNorm === 'number')
        writeScalarEvent(this.target, at, record.step, `gradient_norm/${layer.name}`, layer.gradientNorm);
      if (typeof layer.updateRatio === 'number')
        writeScalarEvent(this.target, at, record.step, `update_ratio/${layer.name}`, layer.updateRatio);
    }
  }

  evaluation(evaluation: RecordedEvaluation): void {
    this.logs(`evaluation/${evaluation.split}`, evaluation.time, evaluation.epoch ?? 0, evaluation.logs);
  }

  finish(): TensorBoardExport {
    this.writer.close();
    return { file: this.writer.file, events: this.count };
  }

  abandon(): void {
    this.writer.abandon();
  }

  private logs(prefix: string, time: number, step: number, logs: Record<string, number>): void {
    const at = seconds(time);
    for (const name in logs) writeScalarEvent(this.target, at, step, tagOf(prefix, name), logs[name] as number);
  }

  private histogram(at: number, step: number, tag: string, stats: TensorStats | undefined): void {
    if (!stats) return;
    const num = sumOf(stats.histogram.counts);
    const moments = { num, sum: stats.mean * num, sumSquares: num * (stats.std ** 2 + stats.mean ** 2) };
    writeHistogramEvent(this.target, at, step, tag, stats.histogram, moments);
  }
}

/** Writes `events.out.tfevents.<time>.<host>` into `outDir` (created if needed) from a run in memory. */
export function exportTensorBoard(run: RunContents, outDir: string): TensorBoardExport {
  const events = new TensorBoardEventWriter(outDir, Date.parse(run.info.startedAt), run.info.hostname);
  try {
    for (const batch of run.batches) events.batch(batch);
    for (const epoch of run.epochs) events.epoch(epoch);
    for (const record of run.layerStats) events.layerStats(record);
  } catch (error) {
    events.abandon();
    throw error;
  }
  return events.finish();
}
