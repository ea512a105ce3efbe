/**
 * Run-control changes as chart markers: where each goes on the x axis and what its label
 * says. Changes at one position share a marker ("paused · continued"). Pure.
 */
import { markerLabel } from '../../extension/protocol/controlLabels';
import type { ControlRecord } from '../../extension/protocol/records';
import type { XAxis } from '../state/uiSettings';

export interface ChartMarker {
  /** On the chart's x scale: a global step, or epochs done. */
  readonly x: number;
  readonly label: string;
}

/**
 * One marker per x position, ascending. On the epoch axis a change sits at `step /
 * stepsPerEpoch`, where the batch it followed is drawn; on the time axes at its time
 * (seconds since `startedAt`, or Unix seconds).
 */
export function controlMarkers(
  controls: readonly ControlRecord[],
  xAxis: XAxis,
  stepsPerEpoch: number,
  startedAt = 0,
): ChartMarker[] {
  const labels = new Map<number, string[]>();
  for (const record of controls) {
    const x = markerX(record, xAxis, stepsPerEpoch, startedAt);
    const held = labels.get(x) ?? [];
    const label = markerLabel(record);
    if (!held.includes(label)) held.push(label);
    labels.set(x, held);
  }
  return [...labels].sort(([a], [b]) => a - b).map(([x, parts]) => ({ x, label: parts.join(' · ') }));
}

/** Where a record with a step and a time goes on the x axis. */
export function markerX(
  record: { step: number; time: number },
  xAxis: XAxis,
  stepsPerEpoch: number,
  startedAt: number,
): number {
  switch (xAxis) {
    case 'step':
      return record.step;
    case 'epoch':
      return record.step / stepsPerEpoch;
    case 'relative':
      return (record.time - startedAt) / 1000;
    case 'wall':
      return record.time / 1000;
  }
}

/** Adds a marker at `x` (joining the label of one already there), keeping the order. */
export function withMarker(markers: readonly ChartMarker[], x: number, label: string): ChartMarker[] {
  const at = markers.findIndex((marker) => marker.x === x);
  if (at >= 0) return markers.map((marker, i) => (i === at ? { x, label: `${marker.label} · ${label}` } : marker));
  return [...markers, { x, label }].sort((a, b) => a.x - b.x);
}

/** The markers as text for screen readers: "Run changes: lr 0.001 at step 900; paused at step 1350." */
export function markerSummary(
  markers: readonly ChartMarker[],
  xLabel: string,
  formatX: (x: number) => string = (x) => String(Number(x.toFixed(2))),
): string {
  if (markers.length === 0) return '';
  const where = (x: number): string => `${xLabel.toLowerCase()} ${formatX(x)}`;
  return `Run changes: ${markers.map((marker) => `${marker.label} at ${where(marker.x)}`).join('; ')}.`;
}
