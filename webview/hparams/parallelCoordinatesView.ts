/**
 * Parallel coordinates: one vertical axis per parameter and one for the metric; each trial a
 * line through its values, coloured by its metric's band (best to worst). Selected trials are
 * drawn thick; early-stopped ones dashed. Clicking a line toggles the trial's selection.
 */
import type { SweepRecord, TrialRecord } from '../../extension/protocol/sweep';
import {
  axisNameAnchor,
  axisPosition,
  axisTicks,
  metricAxis,
  metricBand,
  parameterAxes,
  formatValue,
  sweepMetricTitle,
  type Axis,
} from './hparamsData';
import { svg } from './svg';

const WIDTH = 720;
const HEIGHT = 260;
const PAD = { top: 28, bottom: 28, left: 48, right: 56 };

function axisX(i: number, count: number): number {
  return PAD.left + (count === 1 ? 0 : (i * (WIDTH - PAD.left - PAD.right)) / (count - 1));
}

function axisY(position: number): number {
  return HEIGHT - PAD.bottom - position * (HEIGHT - PAD.top - PAD.bottom);
}

export function trialClass(record: SweepRecord, trial: TrialRecord, selected: boolean): string {
  const band = metricBand(record, trial.metric);
  return [
    'trial-line',
    band === null ? 'metric-none' : `metric-band-${band}`,
    `state-${trial.state}`,
    selected ? 'selected' : '',
  ]
    .filter(Boolean)
    .join(' ');
}

export class ParallelCoordinatesView {
  readonly element: HTMLElement;

  constructor(private readonly toggle: (index: number) => void) {
    this.element = document.createElement('figure');
    this.element.className = 'hparams-figure';
  }

  update(record: SweepRecord, selected: ReadonlySet<number>): void {
    const axes: Axis[] = [...parameterAxes(record), metricAxis(record)];
    const values = (trial: TrialRecord) => [...axes.slice(0, -1).map((axis) => trial.params[axis.name]), trial.metric];
    const lines = [...record.trials]
      .sort((a, b) => Number(selected.has(a.index)) - Number(selected.has(b.index)))
      .map((trial) => {
        const points = values(trial).map((value, i) => {
          const position = axisPosition(axes[i] as Axis, value ?? null);
          return position === null ? null : `${axisX(i, axes.length)},${axisY(position)}`;
        });
        const drawn = points.filter((p): p is string => p !== null);
        const line = svg('polyline', {
          points: drawn.join(' '),
          class: trialClass(record, trial, selected.has(trial.index)),
        });
        line.append(
          svg(
            'title',
            {},
            `Trial ${trial.index + 1} (${trial.state}): ${sweepMetricTitle(record)} ${formatValue(trial.metric)}`,
          ),
        );
        line.addEventListener('click', () => this.toggle(trial.index));
        return line;
      });
    const axisGroups = axes.map((axis, i) => {
      const x = axisX(i, axes.length);
      return svg(
        'g',
        { class: i === axes.length - 1 ? 'axis metric-axis' : 'axis' },
        svg('line', { x1: x, x2: x, y1: axisY(0), y2: axisY(1) }),
        svg(
          'text',
          { x, y: PAD.top - 12, class: 'axis-name', 'text-anchor': axisNameAnchor(i, axes.length) },
          axis.name + (axis.kind === 'numeric' && axis.log ? ' (log)' : ''),
        ),
        ...axisTicks(axis).map((tick) =>
          svg('text', { x: x + 4, y: axisY(tick.position) + 4, class: 'tick' }, tick.label),
        ),
      );
    });
    const chart = svg(
      'svg',
      {
        viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
        role: 'img',
        'aria-label': `Parallel coordinates of ${record.trials.length} trials, coloured by ${sweepMetricTitle(record)}`,
      },
      ...lines,
      ...axisGroups,
    );
    const caption = document.createElement('figcaption');
    caption.textContent = `Parameters and ${sweepMetricTitle(record)} (colour: best green to worst red; dashed: stopped early)`;
    this.element.replaceChildren(caption, chart);
  }
}
