/** What the Data view draws, from a data report: rows of text and bar widths. Pure. */
import { dominantClass, formatStatValue } from '../../extension/protocol/dataFormat';
import type { DataReport, NonFiniteCounts, SplitReport, ValueStats } from '../../extension/protocol/dataReport';

/** Classes drawn as bars; the rest are summarised in one line. */
export const MAX_BARS = 30;

export interface SplitRow {
  readonly name: string;
  readonly examples: string;
  readonly read: string;
  readonly inputs: string;
  readonly labels: string;
}

export interface Bar {
  readonly label: string;
  readonly count: string;
  readonly percent: string;
  /** Bar length relative to the largest class, 0–100. */
  readonly width: number;
  readonly dominant: boolean;
}

export interface BalanceChart {
  readonly split: string;
  readonly caption: string;
  readonly bars: readonly Bar[];
  readonly hidden: number;
}

export interface StatsTable {
  readonly split: string;
  readonly caption: string;
  readonly rows: readonly (readonly [name: string, mean: string, std: string, min: string, max: string])[];
}

const count = (value: number): string => value.toLocaleString('en-US');
const shape = (dims: readonly (number | null)[]): string => `[${dims.map((dim) => dim ?? '*').join(', ')}]`;

export function splitRows(report: DataReport): SplitRow[] {
  return report.splits.map((split) => ({
    name: split.name,
    examples: split.size === null ? 'unknown (dataset)' : count(split.size),
    read:
      split.size !== null && split.sampled === split.size
        ? 'all'
        : `${count(split.sampled)}${split.stoppedAtTimeLimit ? ' (time limit)' : ''}`,
    inputs: `${shape(split.inputShape)} ${split.inputDtype}`,
    labels: `${shape(split.labelShape)} ${split.labelDtype}`,
  }));
}

const ENCODING_TEXT = { oneHot: 'one-hot labels', index: 'class indices', binary: '0/1 labels' } as const;

export function balanceChart(split: SplitReport): BalanceChart | undefined {
  if (split.balance === null) return undefined;
  const { counts, encoding } = split.balance;
  const total = Math.max(
    1,
    counts.reduce((sum, n) => sum + n, 0),
  );
  const largest = Math.max(1, ...counts);
  const dominant = dominantClass(counts)?.label;
  const bars = counts.slice(0, MAX_BARS).map((n, label) => ({
    label: String(label),
    count: count(n),
    percent: `${((n / total) * 100).toFixed(1)}%`,
    width: (n / largest) * 100,
    dominant: label === dominant,
  }));
  return {
    split: split.name,
    caption: `${split.name}: ${counts.length} classes (${ENCODING_TEXT[encoding]}), ${count(total)} examples`,
    bars,
    hidden: Math.max(0, counts.length - MAX_BARS),
  };
}

type StatsRow = StatsTable['rows'][number];

function statsRow(stats: ValueStats, name = stats.name): StatsRow {
  const [mean, std, min, max] = [stats.mean, stats.std, stats.min, stats.max].map(formatStatValue);
  return [name, mean ?? '–', std ?? '–', min ?? '–', max ?? '–'];
}

function nonFiniteText(what: string, counts: NonFiniteCounts): string {
  return `${what}: ${count(counts.nan)} NaN, ${count(counts.infinity)} infinite`;
}

export function statsTable(split: SplitReport): StatsTable {
  const labelsBad = split.labelNonFinite.nan + split.labelNonFinite.infinity > 0;
  const caption = [
    nonFiniteText(`${split.name} inputs`, split.inputNonFinite),
    ...(labelsBad ? [nonFiniteText('labels', split.labelNonFinite)] : []),
  ].join('; ');
  const labelRow = split.labelStats ? [statsRow(split.labelStats, 'labels')] : [];
  return { split: split.name, caption, rows: [...split.inputStats.map((stats) => statsRow(stats)), ...labelRow] };
}

export function duplicatesText(report: DataReport): string {
  const found = report.duplicates;
  if (found === null) return 'Not checked: there is no test or validation split with inputs shaped like train’s.';
  const examples = found.examples.length > 0 ? ` (for example #${found.examples.slice(0, 5).join(', #')})` : '';
  return `${count(found.found)} of ${count(found.checked)} ${found.split} examples also appear in the train sample${examples}.`;
}

export function footerText(report: DataReport): string {
  return `${report.sampleNote} Described in ${(report.durationMs / 1000).toFixed(1)} s.`;
}
