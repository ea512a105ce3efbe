/** Reads run folders written by the trainer, tolerating a run that is still being written. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  layerStatsRecordSchema,
  probeRecordSchema,
  type LayerStatsRecord,
  type ProbeRecord,
} from '../protocol/inspection';
import { layerSummarySchema, type LayerSummary } from '../protocol/model';
import { controlRecordSchema, type BatchRecord, type ControlRecord, type EpochRecord } from '../protocol/records';
import { array, type Schema } from '../protocol/schema';
import { METRICS_FILE, RUN_FILE, RUNS_FOLDER, batchFromLine, epochFromLine, type RunInfo } from './runFiles';
import { boundLayers } from './boundedRecord';
import { toleratedRunInfo } from './toleratedRunInfo';

export interface RunContents {
  info: RunInfo;
  batches: BatchRecord[];
  epochs: EpochRecord[];
  /** Every layer with its source line, from the `layers` record. */
  layers: LayerSummary[];
  layerStats: LayerStatsRecord[];
  /** Run-control changes (pause, more epochs, learning rate, resume). */
  controls: ControlRecord[];
  probes: ProbeRecord[];
  /** Lines that were not complete JSON objects (a torn last line after a crash). */
  skippedLines: number;
}

/** run.json as any writer version left it (odd fields repaired); undefined when there is none or it is not JSON. */
export function readRunInfo(runDir: string): RunInfo | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(path.join(runDir, RUN_FILE), 'utf8'));
  } catch {
    return undefined;
  }
  return toleratedRunInfo(raw, runDir);
}

export function parseMetricsLines(text: string): { lines: Record<string, unknown>[]; skipped: number } {
  const lines: Record<string, unknown>[] = [];
  let skipped = 0;
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    try {
      const value: unknown = JSON.parse(raw);
      if (typeof value === 'object' && value !== null && !Array.isArray(value))
        lines.push(value as Record<string, unknown>);
      else skipped++;
    } catch {
      skipped++;
    }
  }
  return { lines, skipped };
}

export function readRun(runDir: string): RunContents | undefined {
  const info = readRunInfo(runDir);
  if (!info) return undefined;
  let text = '';
  try {
    text = fs.readFileSync(path.join(runDir, METRICS_FILE), 'utf8');
  } catch {
    // a run that failed before writing metrics
  }
  const { lines, skipped } = parseMetricsLines(text);
  return contentsFromLines(info, lines, skipped);
}

/** A run's contents from its parsed metrics lines (also used by a follower that reads them in pieces). */
export function contentsFromLines(info: RunInfo, lines: Record<string, unknown>[], skipped: number): RunContents {
  const layersLine = lines.filter((line) => line.type === 'layers').pop();
  return {
    info,
    batches: lines.filter((line) => line.type === 'batch').map(batchFromLine),
    epochs: lines.filter((line) => line.type === 'epoch').map(epochFromLine),
    layers: layersLine
      ? (validOrUndefined(array(layerSummarySchema), layersLine.layers) ?? boundLayers(layersLine.layers, 'layers'))
      : [],
    layerStats: validRecords(lines, 'layer_stats', layerStatsRecordSchema),
    probes: validRecords(lines, 'probe', probeRecordSchema),
    controls: validRecords(lines, 'control', controlRecordSchema),
    skippedLines: skipped,
  };
}

/** Run folders under a workspace, newest first. */
export function listRunDirs(workspaceDir: string): string[] {
  const runsDir = path.join(workspaceDir, RUNS_FOLDER);
  try {
    return fs
      .readdirSync(runsDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => path.join(runsDir, entry.name))
      .sort()
      .reverse();
  } catch {
    return [];
  }
}

function validOrUndefined<T>(schema: Schema<T>, value: unknown): T | undefined {
  const result = schema.check(value, '');
  return result.ok ? result.value : undefined;
}

function validRecords<T>(lines: Record<string, unknown>[], type: string, schema: Schema<T>): T[] {
  return lines.filter((line) => line.type === type).flatMap((line) => validOrUndefined(schema, line) ?? []);
}
