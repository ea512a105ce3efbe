/** Keras-like terminal output for a run: model summary, a progress bar per epoch, epoch lines. */
import * as path from 'node:path';
import type { ModelSummary } from '../protocol/model';
import type { BatchRecord } from '../protocol/records';
import type { OutgoingMessage } from '../trainer/batchCoalescer';
import { estimateEtaSeconds, formatDuration } from '../runs/eta';
import { formatLocation } from '../trainer/failure';
import { formatDataBrief, formatDataReport } from './dataReportText';
import { controlLine } from '../protocol/controlLabels';
import { formatClassification, formatLearningRateRange, formatPreflight } from './quickLookReports';
import { RESUME_CANCELLED } from '../supervisor/trainerExit';
import { trainingFirst } from '../protocol/metricNames';

const REDRAW_EVERY_MS = 100;
const BAR_WIDTH = 24;
/** With stdout not a terminal (piped, in CI), a progress line this often during an epoch. */
export const PIPED_PROGRESS_EVERY_MS = 10_000;

export interface Terminal {
  isTTY: boolean;
  columns: number;
  write(text: string): void;
}

export interface PrinterTiming {
  now(): number;
  pipedProgressEveryMs: number;
}

/** The fit() call a training script is in, once it has called fit() more than once. */
interface FitCall {
  number: number;
  /** Epochs of the run done before this call. */
  startEpoch: number;
  epochs: number;
}

function formatLogs(logs: Record<string, number>): string {
  return trainingFirst(logs)
    .map(([key, value]) => `${key}: ${Number.isFinite(value) ? value.toFixed(4) : String(value)}`)
    .join(' - ');
}

function formatShape(shapes: (number | null)[][]): string {
  return shapes.map((shape) => `[${shape.map((dim) => dim ?? 'null').join(',')}]`).join(' ');
}

export function formatSummary(summary: ModelSummary, cwd?: string): string {
  const rows = summary.layers.map((layer) => [
    `${layer.name} (${layer.className})`,
    formatShape(layer.outputShape),
    layer.params.toLocaleString('en-US'),
    ...(cwd === undefined ? [] : [layer.source ? `${path.relative(cwd, layer.source.file)}:${layer.source.line}` : '']),
  ]);
  const header = ['Layer (type)', 'Output shape', 'Params', ...(cwd === undefined ? [] : ['Source'])];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const rule = '─'.repeat(widths.reduce((a, b) => a + b + 2, -2));
  return [
    line(header),
    rule,
    ...rows.map(line),
    rule,
    `Total params: ${summary.totalParams.toLocaleString('en-US')} (trainable ${summary.trainableParams.toLocaleString('en-US')})`,
  ].join('\n');
}

export class ProgressPrinter {
  private stepsPerEpoch: number | null = null;
  private totalEpochs = 0;
  private trainingStartedAt = 0;
  private epochStartedAt = 0;
  private lastDraw = 0;
  private lastLine = 0;
  private barShown = false;
  private fitCall: FitCall | undefined;
  /** Quick looks (inspect, preflight, find-lr, data) make no run and need no closing line. */
  private inRun = false;

  constructor(
    private readonly terminal: Terminal,
    private readonly cwd: string,
    private readonly timing: PrinterTiming = { now: Date.now, pipedProgressEveryMs: PIPED_PROGRESS_EVERY_MS },
  ) {}

  handle(message: OutgoingMessage): void {
    switch (message.type) {
      case 'runCreated':
        this.inRun = true;
        this.print(`Run ${message.runId} → ${path.relative(this.cwd, message.runDir) || '.'}`);
        break;
      case 'trainingStarted':
        this.stepsPerEpoch = message.stepsPerEpoch;
        this.totalEpochs = message.config.epochs;
        this.print(
          `Backend: ${message.backend.name}${message.backend.native === 'yes' ? ' (native)' : ' (pure JS)'} — ${message.backend.reason}`,
        );
        if (message.execution) this.print(`Execution: ${message.execution.execution} — ${message.execution.reason}`);
        this.print(formatSummary(message.summary));
        this.print(
          `Training: ${message.config.epochs} epochs, batch size ${message.config.batchSize}, ${message.config.optimizer}, loss ${message.config.loss}`,
        );
        this.trainingStartedAt = this.timing.now();
        this.epochStartedAt = this.timing.now();
        break;
      case 'batches':
        this.onBatches(message.records);
        break;
      case 'epochEnd': {
        const { record } = message;
        this.stepsPerEpoch ??= record.step; // a dataset of unknown size: now it is known
        this.print(
          `${this.epochLabel(record.epoch)} - ${formatDuration(record.durationMs / 1000)} - ${Math.round(record.samplesPerSec)} samples/s - ${formatLogs(record.logs)}`,
        );
        this.epochStartedAt = this.timing.now();
        break;
      }
      case 'evaluationStarted':
        this.print(`Evaluating run ${message.runId} (${path.relative(this.cwd, message.runDir) || '.'})`);
        break;
      case 'evaluation':
        this.print(`Evaluation of ${message.checkpoint} on the ${message.split} split: ${formatLogs(message.logs)}`);
        if (message.classification) this.print(formatClassification(message.classification));
        if (message.recordedIn) this.print(`Evaluation recorded in ${path.relative(this.cwd, message.recordedIn)}`);
        break;
      case 'runEnded':
        this.onEnded(message);
        break;
      case 'log':
        if (message.level === 'warning') this.print(`warning: ${message.text}`);
        break;
      case 'control':
        if (message.record.action === 'fit') {
          const { epoch, value } = message.record;
          this.fitCall = { number: (this.fitCall?.number ?? 1) + 1, startEpoch: epoch, epochs: value ?? 1 };
          break;
        }
        this.print(controlLine(message.record));
        break;
      case 'inspection':
        this.print(formatSummary(message.summary, this.cwd));
        break;
      case 'preflight':
        this.print(formatPreflight(message.report));
        break;
      case 'learningRateRange':
        this.print(formatLearningRateRange(message.result));
        break;
      case 'dataReport':
        this.print(this.inRun ? formatDataBrief(message.report) : formatDataReport(message.report));
        break;
      case 'phase':
      case 'layerStats':
      case 'probe':
        break;
    }
  }

  /** "Epoch 3/10"; for a script calling fit() again and again, "Epoch 3 (fit call 3: 1/1)". */
  private epochLabel(epoch: number): string {
    const call = this.fitCall;
    if (!call) return `Epoch ${epoch}/${this.totalEpochs}`;
    return `Epoch ${epoch} (fit call ${call.number}: ${epoch - call.startEpoch}/${call.epochs})`;
  }

  private onBatches(records: BatchRecord[]): void {
    const last = records[records.length - 1];
    if (!last) return;
    const now = this.timing.now();
    if (this.terminal.isTTY) {
      if (now - this.lastDraw < REDRAW_EVERY_MS) return;
      this.lastDraw = now;
      const text = this.progressText(last, true);
      this.terminal.write(
        `\r${text.slice(0, Math.max(20, this.terminal.columns - 1)).padEnd(this.barShown ? this.terminal.columns - 1 : 0)}`,
      );
      this.barShown = true;
    } else if (now - Math.max(this.lastLine, this.epochStartedAt) >= this.timing.pipedProgressEveryMs) {
      this.print(this.progressText(last, false));
    }
  }

  /** Where the epoch is: a bar on a terminal, "120/469" in a log; the batch's logs; the ETA. */
  private progressText(last: BatchRecord, bar: boolean): string {
    const total = this.stepsPerEpoch;
    const done = last.batch + 1;
    const fraction = total ? Math.min(1, done / total) : 0;
    const filled = Math.round(fraction * BAR_WIDTH);
    const position = !total
      ? `${done} batches`
      : bar
        ? `[${'='.repeat(Math.max(0, filled - 1))}${filled > 0 ? '>' : ''}${'.'.repeat(BAR_WIDTH - filled)}] ${done}/${total}`
        : `${done}/${total}`;
    // A script that calls fit() again and again has no known end to estimate.
    const totalSteps = total === null || this.fitCall ? null : total * this.totalEpochs;
    const eta = estimateEtaSeconds(last.step, totalSteps, this.timing.now() - this.trainingStartedAt);
    return `${this.epochLabel(last.epoch)} ${position} - ${formatLogs(last.logs)}${eta === null ? '' : ` - ETA ${formatDuration(eta)}`}`;
  }

  private onEnded(message: Extract<OutgoingMessage, { type: 'runEnded' }>): void {
    if (message.status === 'failed' && message.error) {
      const where = message.error.location
        ? `${formatLocation(message.error.location, (f) => path.relative(this.cwd, f))}: `
        : '';
      this.print(`${where}error: ${message.error.message}`);
      if (message.error.hint) this.print(`  hint: ${message.error.hint}`);
    } else if (message.runUnchanged) {
      this.print(RESUME_CANCELLED);
    } else if (this.inRun) {
      this.print(`Run ${message.status}.`);
    }
  }

  private print(line: string): void {
    if (this.barShown) this.terminal.write('\r\x1b[K');
    this.barShown = false;
    this.lastLine = this.timing.now();
    this.terminal.write(`${line}\n`);
  }
}
