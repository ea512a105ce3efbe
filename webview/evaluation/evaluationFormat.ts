/** Text of the evaluation section: title line, figures, captions. Pure. */
import { checkpointLabel, type EvaluationSummary, type WrongExample } from '../../extension/protocol/evaluation';
import { formatY } from '../chart/axisValues';
import { metricTitle } from '../../extension/protocol/metricNames';

/** "98.9%": one decimal; an almost-certain fraction says ">99.9%" rather than round up to 100. */
export function formatPercent(fraction: number | null): string {
  if (fraction === null || !Number.isFinite(fraction)) return '–';
  const percent = fraction * 100;
  if (percent < 100 && percent >= 99.95) return '>99.9%';
  return `${percent.toFixed(1)}%`;
}

/** "label 7 → predicted 4 (99.8%)". */
export function wrongCaption(example: WrongExample): string {
  return `label ${example.label} → predicted ${example.predicted} (${formatPercent(example.confidence)})`;
}

/** "test split · best checkpoint · 28 Nov 2026, 07:12". */
export function evaluationSubtitle(summary: EvaluationSummary): string {
  const when = new Date(summary.time).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return `${summary.split} split · ${checkpointLabel(summary.checkpoint)} · ${when}`;
}

/** Loss first, then the metrics in their order, named as the charts name them; accuracy-like metrics as percentages. */
export function evaluationFigures(logs: Readonly<Record<string, number>>): { name: string; value: string }[] {
  const names = Object.keys(logs).sort((a, b) => Number(b === 'loss') - Number(a === 'loss'));
  return names.map((name) => ({ name: metricTitle(name), value: formatFigure(name, logs[name] as number) }));
}

function formatFigure(name: string, value: number): string {
  return /acc/i.test(name) && value >= 0 && value <= 1 ? formatPercent(value) : formatY(value);
}
