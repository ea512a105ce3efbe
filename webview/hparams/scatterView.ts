/** The metric against each parameter, one small scatter per parameter; points coloured like the parallel coordinates. */
import type { SweepRecord } from '../../extension/protocol/sweep';
import {
  axisPosition,
  axisTicks,
  metricAxis,
  parameterAxes,
  formatValue,
  sweepMetricTitle,
  type Axis,
} from './hparamsData';
import { trialClass } from './parallelCoordinatesView';
import { svg } from './svg';

const SIZE = { width: 240, height: 180 };
const PAD = { top: 10, bottom: 34, left: 52, right: 12 };

const px = (position: number) => PAD.left + position * (SIZE.width - PAD.left - PAD.right);
const py = (position: number) => SIZE.height - PAD.bottom - position * (SIZE.height - PAD.top - PAD.bottom);

function scatter(
  record: SweepRecord,
  axis: Axis,
  metric: Axis,
  selected: ReadonlySet<number>,
  toggle: (i: number) => void,
): SVGSVGElement {
  const points = record.trials.flatMap((trial) => {
    const x = axisPosition(axis, trial.params[axis.name]);
    const y = axisPosition(metric, trial.metric);
    if (x === null || y === null) return [];
    const dot = svg('circle', {
      cx: px(x),
      cy: py(y),
      r: selected.has(trial.index) ? 5 : 3.5,
      class: trialClass(record, trial, selected.has(trial.index)),
    });
    dot.append(
      svg(
        'title',
        {},
        `Trial ${trial.index + 1}: ${axis.name} ${formatValue(trial.params[axis.name])}, ${sweepMetricTitle(record)} ${formatValue(trial.metric)}`,
      ),
    );
    dot.addEventListener('click', () => toggle(trial.index));
    return [dot];
  });
  return svg(
    'svg',
    {
      viewBox: `0 0 ${SIZE.width} ${SIZE.height}`,
      role: 'img',
      'aria-label': `${sweepMetricTitle(record)} against ${axis.name}`,
      class: 'scatter',
    },
    svg('line', { x1: px(0), x2: px(1), y1: py(0), y2: py(0), class: 'frame' }),
    svg('line', { x1: px(0), x2: px(0), y1: py(0), y2: py(1), class: 'frame' }),
    ...axisTicks(axis).map((t) =>
      svg('text', { x: px(t.position), y: py(0) + 14, class: 'tick', 'text-anchor': 'middle' }, t.label),
    ),
    ...axisTicks(metric).map((t) =>
      svg('text', { x: px(0) - 4, y: py(t.position) + 4, class: 'tick', 'text-anchor': 'end' }, t.label),
    ),
    svg('text', { x: px(0.5), y: SIZE.height - 4, class: 'axis-name', 'text-anchor': 'middle' }, axis.name),
    ...points,
  );
}

export class ScatterView {
  readonly element: HTMLElement;

  constructor(private readonly toggle: (index: number) => void) {
    this.element = document.createElement('figure');
    this.element.className = 'hparams-figure';
  }

  update(record: SweepRecord, selected: ReadonlySet<number>): void {
    const metric = metricAxis(record);
    const caption = document.createElement('figcaption');
    caption.textContent = `How ${sweepMetricTitle(record)} varies with each parameter`;
    const grid = document.createElement('div');
    grid.className = 'scatter-grid';
    grid.append(...parameterAxes(record).map((axis) => scatter(record, axis, metric, selected, this.toggle)));
    this.element.replaceChildren(caption, grid);
  }
}
