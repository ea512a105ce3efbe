/** The trials of a sweep: every grid point in order, or seeded random draws (the same seed, the same trials). */
import { seededRandom } from '../runs/seededRandom';
import type { ParameterSpec, ParamValue, SweepSpec, TrialParams } from './sweepSpec';

/** A position u in [0, 1] of a range, on its scale, rounded where the range is of integers. */
function pointOfRange(spec: Extract<ParameterSpec, { kind: 'range' }>, u: number): number {
  const value =
    spec.scale === 'log'
      ? Math.exp(Math.log(spec.min) + u * (Math.log(spec.max) - Math.log(spec.min)))
      : spec.min + u * (spec.max - spec.min);
  if (!spec.integer) return Number(value.toPrecision(6));
  return Math.min(Math.floor(spec.max), Math.max(Math.ceil(spec.min), Math.round(value)));
}

function gridValues(spec: ParameterSpec): ParamValue[] {
  if (spec.kind === 'values') return spec.values;
  if (spec.steps === null) {
    const values: number[] = [];
    for (let v = Math.ceil(spec.min); v <= Math.floor(spec.max); v++) values.push(v);
    return values;
  }
  const steps = spec.steps;
  const points = Array.from({ length: steps }, (_, i) => pointOfRange(spec, i / (steps - 1)));
  return [...new Set(points)];
}

function drawValue(spec: ParameterSpec, random: () => number): ParamValue {
  if (spec.kind === 'values') return spec.values[Math.floor(random() * spec.values.length)] as ParamValue;
  return pointOfRange(spec, random());
}

/** The grid in row-major order (the last parameter varies fastest), first `count` points. */
function gridTrials(spec: SweepSpec): TrialParams[] {
  const names = Object.keys(spec.parameters);
  const axes = names.map((name) => gridValues(spec.parameters[name] as ParameterSpec));
  const trials: TrialParams[] = [];
  const indices = axes.map(() => 0);
  while (trials.length < spec.trials) {
    trials.push(Object.fromEntries(names.map((name, i) => [name, axes[i]?.[indices[i] ?? 0] as ParamValue])));
    let axis = axes.length - 1;
    while (axis >= 0) {
      indices[axis] = (indices[axis] ?? 0) + 1;
      if ((indices[axis] ?? 0) < (axes[axis]?.length ?? 0)) break;
      indices[axis] = 0;
      axis--;
    }
    if (axis < 0) break;
  }
  return trials;
}

function randomTrials(spec: SweepSpec): TrialParams[] {
  const random = seededRandom(spec.seed);
  const names = Object.keys(spec.parameters);
  return Array.from({ length: spec.trials }, () =>
    Object.fromEntries(names.map((name) => [name, drawValue(spec.parameters[name] as ParameterSpec, random)])),
  );
}

export function generateTrials(spec: SweepSpec): TrialParams[] {
  return spec.method === 'grid' ? gridTrials(spec) : randomTrials(spec);
}
