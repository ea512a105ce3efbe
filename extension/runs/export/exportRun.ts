/**
 * Writes a recorded run as TensorBoard event files or CSV (for the CLI and the Run History view).
 * The run is streamed record by record, so a run of any size exports in bounded memory; nothing
 * outside the run folder is read through a symbolic link.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EVALUATIONS_FOLDER, readEvaluations, type RecordedEvaluation } from '../evaluationRecords';
import { METRICS_FILE, RUN_FILE } from '../runFiles';
import { readRunInfo, visitMetricsFile, type RecordVisitor } from '../runReader';
import { CsvExporter } from './csvExport';
import { TensorBoardEventWriter } from './tensorboardExport';

export type ExportFormat = 'tensorboard' | 'csv';

export interface ExportRequest {
  runDir: string;
  format: ExportFormat;
  /** Default: `<run-dir>/tensorboard` or `<run-dir>/csv`. */
  outDir?: string;
}

export interface ExportResult {
  files: string[];
  summary: string;
  /** Lines of metrics.jsonl that were not records, said in words (empty when none). */
  skipped: string;
}

interface Exporter extends RecordVisitor {
  evaluation(evaluation: RecordedEvaluation): void;
  finish(): { files: string[]; events?: number };
  abandon(): void;
}

/** A run file must be a plain file in the folder: a link could make export read (and publish) any file. */
function assertPlainFile(runDir: string, name: string): void {
  const file = path.join(runDir, name);
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch {
    return; // a run that failed before writing metrics
  }
  if (stat.isSymbolicLink())
    throw new Error(`${file} is a symbolic link; export reads only the run folder's own files.`);
}

function exporterFor(request: ExportRequest, outDir: string, startedAtMs: number, hostname: string): Exporter {
  if (request.format === 'csv') return new CsvExporter(outDir);
  const events = new TensorBoardEventWriter(outDir, startedAtMs, hostname);
  return {
    batch: (record) => events.batch(record),
    epoch: (record) => events.epoch(record),
    layerStats: (record) => events.layerStats(record),
    evaluation: (evaluation) => events.evaluation(evaluation),
    finish: () => {
      const written = events.finish();
      return { files: [written.file], events: written.events };
    },
    abandon: () => events.abandon(),
  };
}

/**
 * Exports one run without blocking the caller's event loop for longer than a chunk of the file;
 * rejects with a plain message when the folder is not a readable run.
 */
export async function exportRun(request: ExportRequest): Promise<ExportResult> {
  const runDir = path.resolve(request.runDir);
  assertPlainFile(runDir, RUN_FILE);
  const info = readRunInfo(runDir);
  if (!info) throw new Error(`${runDir} is not a Tensorscope run folder (no readable run.json).`);
  assertPlainFile(runDir, METRICS_FILE);
  assertPlainFile(runDir, EVALUATIONS_FOLDER);
  const outDir = path.resolve(request.outDir ?? path.join(runDir, request.format));
  const exporter = exporterFor(request, outDir, Date.parse(info.startedAt), info.hostname);
  const counts = { batches: 0, epochs: 0, layerStats: 0, evaluations: 0 };
  let written: ReturnType<Exporter['finish']>;
  let skipped: Awaited<ReturnType<typeof visitMetricsFile>>;
  try {
    const layerStats = exporter.layerStats;
    skipped = await visitMetricsFile(
      path.join(runDir, METRICS_FILE),
      {
        batch: (record) => {
          counts.batches++;
          exporter.batch?.(record);
        },
        epoch: (record) => {
          counts.epochs++;
          exporter.epoch?.(record);
        },
        ...(layerStats && {
          layerStats: (record) => {
            counts.layerStats++;
            layerStats.call(exporter, record);
          },
        }),
      },
      // Layer samples a CSV export does not write are counted, not parsed.
      (type) => (counts.layerStats += type === 'layer_stats' ? 1 : 0),
    );
    const evaluations = readEvaluations(runDir, info);
    for (const evaluation of evaluations) exporter.evaluation(evaluation);
    counts.evaluations = evaluations.length;
    written = exporter.finish();
  } catch (error) {
    exporter.abandon();
    throw error;
  }
  const evaluations =
    counts.evaluations === 0 ? '' : `, ${counts.evaluations} evaluation${counts.evaluations === 1 ? '' : 's'}`;
  const what = `${counts.batches} batches, ${counts.epochs} epochs, ${counts.layerStats} layer samples${evaluations}`;
  return {
    files: written.files,
    summary: written.events === undefined ? what : `${written.events} events (${what})`,
    skipped: skipped.describe(),
  };
}
