/**
 * Messages between the extension host and the inspector webview (gradient flow, histograms,
 * feature maps, model graph, pre-flight report, learning-rate range). The webview's tsconfig
 * sees only this protocol folder, never `vscode` or host code.
 */
import { readyMessageSchema, v } from './envelope';
import {
  layerStatsRecordSchema,
  learningRateRangeSchema,
  preflightReportSchema,
  probeRecordSchema,
} from './inspection';
import { modelSummarySchema } from './model';
import { array, literal, nullable, number, object, string, taggedUnion, parser, type Infer } from './schema';

/** Everything the inspector shows for one model file; sent whole after `ready` and when the file changes. */
export const inspectorStateSchema = object({
  modelFile: string(4096),
  /** From the live run, the newest recorded run, or the dry build; null before any of them. */
  summary: nullable(modelSummarySchema),
  /** Sampled layer statistics, oldest first, bounded by the host. */
  layerStats: array(layerStatsRecordSchema, 1_000),
  probe: nullable(probeRecordSchema),
  preflight: nullable(preflightReportSchema),
  learningRateRange: nullable(learningRateRangeSchema),
});
export type InspectorState = Infer<typeof inspectorStateSchema>;

export const hostToInspectorSchema = taggedUnion({
  /** The whole state (or none yet). */
  snapshot: object({ v, type: literal('snapshot'), state: nullable(inspectorStateSchema) }),
  /** A new sample of the shown model file's run. */
  layerStats: object({ v, type: literal('layerStats'), modelFile: string(4096), record: layerStatsRecordSchema }),
  probe: object({ v, type: literal('probe'), modelFile: string(4096), record: probeRecordSchema }),
  /** Highlight a layer (from the hover card's link). */
  selectLayer: object({ v, type: literal('selectLayer'), layer: string(256) }),
});
export type HostToInspector = Infer<typeof hostToInspectorSchema>;

export const inspectorToHostSchema = taggedUnion({
  ready: readyMessageSchema,
  /** Reveal the line that built this layer. */
  revealLayer: object({ v, type: literal('revealLayer'), modelFile: string(4096), layer: string(256) }),
  /** Write this learning rate into the model file's exported config. */
  applyLearningRate: object({
    v,
    type: literal('applyLearningRate'),
    modelFile: string(4096),
    learningRate: number(),
  }),
});
export type InspectorToHost = Infer<typeof inspectorToHostSchema>;

export const parseInspectorMessage = parser(inspectorToHostSchema);

export const parseHostToInspectorMessage = parser(hostToInspectorSchema);
