/**
 * Run-control changes as chart markers: where each goes on the x axis and what its label
 * says. Changes at one position share a marker ("paused · continued"). Pure.
 */
import type { ControlRecord } from '../../extension/protocol/records';
import type { XAxis } from '../state/uiSettings';

export interface ChartMarker {
  /** On the chart's x scale: a global step, or epochs done. */
  readonly x: number;
  readonly label: string;
}

/** "paused", "lr 0.001", "+5 epochs", "resumed", "fit() 1 epoch". */
export function markerLabel(record: ControlRecord): string {
  switch (record.action) {
    case 'pause':
      return 'paused';
    case 'continue':
      return 'continued';
    case 'stop':
      return 'stopped';
    case 'resume':
      return 'resumed';
    case 'setLearningRate':
      return record.value === null ? 'lr changed' : `lr ${formatLearningRate(record.value)}`;
    case 'addEpochs':
      return record.value === null ? 'epochs added' : `+${record.value} ${record.value === 1 ? 'epoch' : 'epochs'}`;
    case 'fit':
      return record.value === null ? 'fit()' : `fit() ${record.value} ${record.value === 1 ? 'epoch' : 'epochs'}`;
  }
}

/** Four significant digits, without trailing zeros: 0.001, 3e-7, 0.0125. */
export function formatLearningRate(value: number): string {
  return String(Number(value.toPrecision(4)));
}

/**
 * One marker per x position, ascending. On the epoch axis a change sits at `step /
 * stepsPerEpoch`, where the batch it followed is drawn.
 */
export function controlMarkers(controls: readonly ControlRecord[], xAxis: XAxis, stepsPerEpoch: number): ChartMarker[] {
  const labels = new Map<number, string[]>();
  for (const record of controls) {
    const x = xAxis === 'step' ? record.step : record.step / stepsPerEpoch;
    const held = labels.get(x) ?? [];
    const label = markerLabel(record);
    if (!held.includes(label)) held.push(label);
    labels.set(x, held);
  }
  return [...labels].sort(([a], [b]) => a - b).map(([x, parts]) => ({ x, label: parts.join(' · ') }));
}

/** The markers as text for screen readers: "Run changes: lr 0.001 at step 900; paused at step 1350." */
export function markerSummary(markers: readonly ChartMarker[], xLabel: string): string {
  if (markers.length === 0) return '';
  const where = (x: number): string => `${xLabel.toLowerCase()} ${Number(x.toFixed(2))}`;
  return `Run changes: ${markers.map((marker) => `${marker.label} at ${where(marker.x)}`).join('; ')}.`;
}
