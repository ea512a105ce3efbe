/** Writes a recorded run as TensorBoard event files or CSV (for the CLI and the Run History view). */
import * as path from 'node:path';
import { readRun } from '../runReader';
import { exportCsv } from './csvExport';
import { exportTensorBoard } from './tensorboardExport';

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
}

/** Exports one run; throws an Error with a plain message when the folder is not a readable run. */
export function exportRun(request: ExportRequest): ExportResult {
  const runDir = path.resolve(request.runDir);
  const run = readRun(runDir);
  if (!run) throw new Error(`${runDir} is not a Tensorscope run folder (no readable run.json).`);
  const outDir = path.resolve(request.outDir ?? path.join(runDir, request.format));
  const counts = `${run.batches.length} batches, ${run.epochs.length} epochs, ${run.layerStats.length} layer samples`;
  if (request.format === 'tensorboard') {
    const written = exportTensorBoard(run, outDir);
    return { files: [written.file], summary: `${written.events} events (${counts})` };
  }
  return { files: exportCsv(run, outDir).files, summary: counts };
}
