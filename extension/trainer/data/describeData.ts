/**
 * The data report of what `loadData()` returned: each split read within bounds, then described
 * by the pure statistics modules. Runs in the trainer only (it runs the user's data code).
 */
import type { DataReport, SampleGrid, SplitReport } from '../../protocol/dataReport';
import type { ModelData, SplitData } from '../modelModule';
import type { TensorFlow } from '../tensorflow';
import { dataFindings } from './dataFindings';
import { findDuplicates } from './duplicates';
import { labelBalance } from './labelBalance';
import { SAMPLE_IMAGES, imageLayout, pickSamples, sampleGrid } from './sampleGrid';
import { DEFAULT_BOUNDS, readSplitSample, type SampleBounds, type SplitSample } from './splitSample';
import { summarizeValues } from './valueStats';

const SPLIT_NAMES = ['train', 'validation', 'test'] as const;

function columnNamer(shape: readonly number[]): (column: number) => string {
  if (imageLayout(shape) !== undefined) return (column) => `channel ${column}`;
  return shape.length === 0 ? () => 'value' : (column) => `feature ${column}`;
}

function splitReport(name: string, sample: SplitSample): SplitReport {
  const columns = sample.inputShape.length === 0 ? 1 : (sample.inputShape[sample.inputShape.length - 1] as number);
  const inputs = summarizeValues(sample.inputs, columns, columnNamer(sample.inputShape));
  const labelWidth = sample.labelShape.reduce((size, dim) => size * dim, 1);
  const labels = summarizeValues(sample.labels, 1, () => 'all values');
  const balance = labelBalance(sample.labels, labelWidth, sample.labelDtype === 'int32');
  return {
    name,
    source: sample.source,
    size: sample.size,
    sampled: sample.count,
    ...(sample.timedOut && { stoppedAtTimeLimit: true }),
    inputShape: sample.inputShape,
    labelShape: sample.labelShape,
    inputDtype: sample.inputDtype,
    labelDtype: sample.labelDtype,
    inputStats: inputs.stats,
    inputNonFinite: inputs.nonFinite,
    labelNonFinite: labels.nonFinite,
    balance,
    ...(balance === null && labels.stats[0] !== undefined && { labelStats: labels.stats[0] }),
  };
}

const labelWidth = (sample: SplitSample): number =>
  Math.max(
    1,
    sample.labelShape.reduce((size, dim) => size * dim, 1),
  );

/** Each example's class, when the labels are classes. */
function classesOf(sample: SplitSample, report: SplitReport): number[] | undefined {
  if (report.balance === null) return undefined;
  const width = labelWidth(sample);
  return Array.from({ length: sample.count }, (_, example) => {
    const row = sample.labels.subarray(example * width, (example + 1) * width);
    return report.balance?.encoding === 'oneHot' ? row.indexOf(1) : (row[0] ?? 0);
  });
}

/** An example's label as short text: its class, else its first value. */
function labelText(sample: SplitSample, example: number, classes: number[] | undefined): string {
  const klass = classes?.[example];
  if (klass !== undefined) return String(klass);
  const width = labelWidth(sample);
  const text = Number((sample.labels[example * width] ?? Number.NaN).toPrecision(3)).toString();
  return width > 1 ? `${text}, …` : text;
}

function grid(sample: SplitSample, report: SplitReport): SampleGrid {
  const classes = classesOf(sample, report);
  const picked = pickSamples(classes, sample.count, SAMPLE_IMAGES);
  const length = sample.inputs.length / Math.max(1, sample.count);
  const inputs = new Float32Array(picked.length * length);
  picked.forEach((example, i) =>
    inputs.set(sample.inputs.subarray(example * length, (example + 1) * length), i * length),
  );
  const labels = picked.map((example) => labelText(sample, example, classes));
  return sampleGrid(inputs, sample.inputShape, labels, report.name);
}

function sampleNote(bounds: SampleBounds): string {
  const millions = bounds.maxValues / 1e6;
  return `Statistics of the first ${bounds.maxExamples.toLocaleString('en-US')} examples of each split at most (and at most ${millions}M input values); a tf.data dataset is read for at most ${bounds.datasetMs / 1000} s.`;
}

export async function describeData(
  tf: TensorFlow,
  data: ModelData,
  bounds: SampleBounds = DEFAULT_BOUNDS,
): Promise<DataReport> {
  const started = Date.now();
  const samples = new Map<string, SplitSample>();
  for (const name of SPLIT_NAMES) {
    const split: SplitData | undefined = data[name];
    if (split === undefined) continue;
    const sample = await readSplitSample(tf, split, bounds);
    if (sample !== undefined) samples.set(name, sample);
  }
  const reports = [...samples].map(([name, sample]) => splitReport(name, sample));
  const train = samples.get('train');
  const heldOutName = samples.has('test') ? 'test' : samples.has('validation') ? 'validation' : undefined;
  const heldOut = heldOutName === undefined ? undefined : samples.get(heldOutName);
  const exampleLength = train ? train.inputs.length / Math.max(1, train.count) : 0;
  const duplicates =
    train && heldOut && heldOutName && heldOut.inputs.length / Math.max(1, heldOut.count) === exampleLength
      ? findDuplicates(train.inputs, heldOut.inputs, exampleLength, heldOutName)
      : null;
  const trainReport = reports.find((report) => report.name === 'train');
  return {
    splits: reports,
    duplicates,
    samples: train && trainReport ? grid(train, trainReport) : null,
    findings: dataFindings(reports, duplicates),
    sampleNote: sampleNote(bounds),
    durationMs: Date.now() - started,
  };
}
