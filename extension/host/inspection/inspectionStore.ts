/**
 * What Tensorscope knows about each model file's insides: its layers (from the dry build,
 * the live run or the newest recorded run), the last sampled layer statistics (bounded),
 * the newest probe images, and the last pre-flight and learning-rate reports. Fed by the
 * run controller as a message sink; read by the hover, inlay hints and inspector. No `vscode`.
 */
import * as path from 'node:path';
import type { LayerStatsRecord, LearningRateRange, PreflightReport, ProbeRecord } from '../../protocol/inspection';
import type { InspectorState } from '../../protocol/inspectorMessages';
import type { ModelSummary } from '../../protocol/model';
import type { TrainerToHost } from '../../protocol/trainerMessages';
import type { RunContents } from '../../runs/runReader';
import type { TrainerMessageSink } from '../runController';
import { appendBounded, MAX_SAMPLES } from './statsHistory';

export interface ModelInspection {
  readonly modelFile: string;
  summary: ModelSummary | null;
  records: LayerStatsRecord[];
  probe: ProbeRecord | null;
  preflight: PreflightReport | null;
  learningRateRange: LearningRateRange | null;
  /** Where the statistics come from: "live run", or the recorded run's id. */
  statsOrigin: string | undefined;
  /** A run of this file is in progress (its summary wins over the dry build's). */
  live: boolean;
}

export type InspectionChange =
  | { readonly kind: 'layerStats'; readonly modelFile: string; readonly record: LayerStatsRecord }
  | { readonly kind: 'probe'; readonly modelFile: string; readonly record: ProbeRecord }
  /** Anything else: the summary, a report, a new run. */
  | { readonly kind: 'reset'; readonly modelFile: string };

type Listener = (change: InspectionChange) => void;

export function fileKey(file: string): string {
  return path.resolve(file);
}

export class InspectionStore implements TrainerMessageSink {
  private readonly models = new Map<string, ModelInspection>();
  private readonly listeners = new Set<Listener>();

  get(file: string): ModelInspection | undefined {
    return this.models.get(fileKey(file));
  }

  /**
   * What is known about the layers built in `file`: its own entry when it has layers there,
   * else the model (most recently started first) one of whose layers was built in it, as for
   * `model.js` of a script `train.js` that imports it.
   */
  forSourceFile(file: string): ModelInspection | undefined {
    const key = fileKey(file);
    const builtIn = (model: ModelInspection) =>
      model.summary?.layers.some((layer) => layer.source !== undefined && fileKey(layer.source.file) === key) ?? false;
    const own = this.models.get(key);
    if (own && (own.summary === null || builtIn(own))) return own;
    return [...this.models.values()].reverse().find(builtIn) ?? own;
  }

  onDidChange(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  runStarted(file: string): void {
    const model = this.model(file);
    // Most recently started last, for forSourceFile.
    this.models.delete(model.modelFile);
    this.models.set(model.modelFile, model);
    Object.assign(model, { records: [], probe: null, statsOrigin: 'live run', live: true });
    this.emit({ kind: 'reset', modelFile: model.modelFile });
  }

  apply(message: TrainerToHost, file: string): void {
    const model = this.model(file);
    switch (message.type) {
      case 'trainingStarted':
        model.summary = message.summary;
        return this.emit({ kind: 'reset', modelFile: model.modelFile });
      case 'layerStats':
        appendBounded(model.records, message.record);
        return this.emit({ kind: 'layerStats', modelFile: model.modelFile, record: message.record });
      case 'probe':
        model.probe = message.record;
        return this.emit({ kind: 'probe', modelFile: model.modelFile, record: message.record });
      case 'runEnded':
        model.live = false;
        model.statsOrigin = 'last run';
        return;
      default:
        return;
    }
  }

  /** The dry build's layers, unless a run of the file is in progress. */
  setDryBuild(file: string, summary: ModelSummary): void {
    const model = this.model(file);
    if (model.live) return;
    model.summary = summary;
    this.emit({ kind: 'reset', modelFile: model.modelFile });
  }

  /** A recorded run's statistics, when nothing newer is known for the file. */
  loadRecorded(file: string, run: RunContents): void {
    const model = this.model(file);
    if (model.live || model.records.length > 0) return;
    model.records = run.layerStats.slice(-MAX_SAMPLES);
    model.probe = run.probes[run.probes.length - 1] ?? null;
    model.statsOrigin = `run ${run.info.runId}`;
    model.summary ??= run.info.summary ?? null;
    this.emit({ kind: 'reset', modelFile: model.modelFile });
  }

  setPreflight(file: string, report: PreflightReport): void {
    const model = this.model(file);
    model.preflight = report;
    model.summary ??= report.summary;
    this.emit({ kind: 'reset', modelFile: model.modelFile });
  }

  setLearningRateRange(file: string, result: LearningRateRange): void {
    this.model(file).learningRateRange = result;
    this.emit({ kind: 'reset', modelFile: fileKey(file) });
  }

  private model(file: string): ModelInspection {
    const key = fileKey(file);
    let model = this.models.get(key);
    if (model === undefined) {
      model = {
        modelFile: key,
        summary: null,
        records: [],
        probe: null,
        preflight: null,
        learningRateRange: null,
        statsOrigin: undefined,
        live: false,
      };
      this.models.set(key, model);
    }
    return model;
  }

  private emit(change: InspectionChange): void {
    for (const listener of this.listeners) listener(change);
  }
}

/** The inspector's view of a model file. */
export function inspectorState(model: ModelInspection): InspectorState {
  return {
    modelFile: model.modelFile,
    summary: model.summary,
    layerStats: model.records,
    probe: model.probe,
    preflight: model.preflight,
    learningRateRange: model.learningRateRange,
  };
}
