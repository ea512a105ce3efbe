/**
 * The inspector's state: the shown model file's data and the selected layer, updated by host
 * messages. Pure and unit-tested; views only draw what it holds.
 */
import type { HostToInspector, InspectorState } from '../../../extension/protocol/inspectorMessages';

/** Samples kept in the webview, like the host. */
export const MAX_SAMPLES = 200;

export interface InspectorModel {
  readonly data: InspectorState | null;
  readonly selected: string | null;
}

export const EMPTY_MODEL: InspectorModel = { data: null, selected: null };

/** The next state; unchanged parts keep their identity so views can skip redraws. */
export function applyInspectorMessage(model: InspectorModel, message: HostToInspector): InspectorModel {
  switch (message.type) {
    case 'snapshot':
      return { data: message.state, selected: keepSelection(message.state, model.selected) };
    case 'selectLayer':
      return { ...model, selected: message.layer };
    case 'layerStats': {
      if (model.data?.modelFile !== message.modelFile) return model;
      const layerStats = [...model.data.layerStats, message.record].slice(-MAX_SAMPLES);
      return { ...model, data: { ...model.data, layerStats } };
    }
    case 'probe':
      if (model.data?.modelFile !== message.modelFile) return model;
      return { ...model, data: { ...model.data, probe: message.record } };
  }
}

/** The selection survives a snapshot of the same model when the layer still exists; else the first layer with weights. */
function keepSelection(state: InspectorState | null, selected: string | null): string | null {
  const layers = state?.summary?.layers ?? [];
  if (selected !== null && layers.some((layer) => layer.name === selected)) return selected;
  return layers.find((layer) => layer.params > 0)?.name ?? layers[0]?.name ?? null;
}
