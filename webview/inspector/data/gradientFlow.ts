/** Gradient flow chart data: each trainable layer's gradient norm over the sampled steps. Pure. */
import type { LayerStatsRecord } from '../../../extension/protocol/inspection';
import type { ChartData } from '../../chart/seriesData';

/** Layers with a gradient norm (layers with weights) in any sample, in model order (first seen). */
export function gradientLayers(records: readonly LayerStatsRecord[]): string[] {
  const names = new Set<string>();
  for (const record of records)
    for (const layer of record.layers) if (typeof layer.gradientNorm === 'number') names.add(layer.name);
  return [...names];
}

/** Non-positive or missing norms become gaps (the chart's y axis is logarithmic). */
export function gradientFlowData(records: readonly LayerStatsRecord[]): ChartData {
  const layers = gradientLayers(records);
  return {
    specs: layers.map((label, group) => ({ label, kind: 'smoothed', group })),
    x: records.map((record) => record.step),
    ys: layers.map((name) =>
      records.map((record) => {
        const norm = record.layers.find((layer) => layer.name === name)?.gradientNorm;
        return typeof norm === 'number' && norm > 0 && Number.isFinite(norm) ? norm : null;
      }),
    ),
  };
}
