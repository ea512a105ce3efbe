/** The data report in a terminal: splits, label balance as bars, input statistics, findings. */
import type { DataReport, SplitReport, ValueStats } from '../protocol/dataReport';
import { formatStatValue } from '../protocol/dataFormat';

const BAR_WIDTH = 30;
const MAX_BARS = 20;
const MAX_STAT_ROWS = 8;
const SEVERITY_MARK = { warning: '!', error: '✗' } as const;

const shape = (dims: readonly (number | null)[]): string => `[${dims.map((dim) => dim ?? '*').join(',')}]`;
const count = (value: number): string => value.toLocaleString('en-US');

function sizeText(split: SplitReport): string {
  const size = split.size === null ? 'unknown size' : `${count(split.size)} examples`;
  const sampled =
    split.size !== null && split.sampled === split.size
      ? ''
      : `, ${count(split.sampled)} read${split.stoppedAtTimeLimit ? ' (time limit)' : ''}`;
  return `${size}${sampled}`;
}

function splitLine(split: SplitReport): string {
  return `  ${split.name.padEnd(10)} ${sizeText(split)} (${split.source}) · inputs ${shape(split.inputShape)} ${split.inputDtype} · labels ${shape(split.labelShape)} ${split.labelDtype}`;
}

function balanceLines(split: SplitReport): string[] {
  if (split.balance === null) return [];
  const { counts } = split.balance;
  const total = counts.reduce((sum, n) => sum + n, 0);
  const largest = Math.max(1, ...counts);
  const shown = counts.slice(0, MAX_BARS).map((n, label) => {
    const bar = '█'.repeat(Math.max(n > 0 ? 1 : 0, Math.round((n / largest) * BAR_WIDTH)));
    return `    ${String(label).padStart(4)} ${bar.padEnd(BAR_WIDTH)} ${count(n).padStart(7)}  ${((n / Math.max(1, total)) * 100).toFixed(1)}%`;
  });
  const more = counts.length > MAX_BARS ? [`    … ${counts.length - MAX_BARS} more classes`] : [];
  return [`  Label balance, ${split.name} (${counts.length} classes):`, ...shown, ...more];
}

function statLine(stats: ValueStats): string {
  const cells = (['mean', 'std', 'min', 'max'] as const).map(
    (key) => `${key} ${formatStatValue(stats[key]).padStart(9)}`,
  );
  return `    ${stats.name.padEnd(12)} ${cells.join('  ')}`;
}

function statsLines(split: SplitReport): string[] {
  const rows = split.inputStats.slice(0, MAX_STAT_ROWS).map(statLine);
  const more = split.inputStats.length > MAX_STAT_ROWS ? [`    … ${split.inputStats.length - MAX_STAT_ROWS} more`] : [];
  const { nan, infinity } = split.inputNonFinite;
  const labels = split.labelStats ? [`  Labels, ${split.name}:`, statLine(split.labelStats)] : [];
  return [`  Inputs, ${split.name}: NaN ${count(nan)}, infinity ${count(infinity)}`, ...rows, ...more, ...labels];
}

function samplesLine(report: DataReport): string[] {
  const grid = report.samples;
  if (grid === null) return [];
  const what =
    grid.kind === 'image'
      ? `${grid.labels.length} images ${grid.width}×${grid.height} ${grid.channels === 3 ? 'RGB' : 'grey'}`
      : `${grid.rows.length} rows`;
  return [`Samples (${grid.split}, shown in the Data view): ${what}; labels ${grid.labels.join(' ')}`];
}

function duplicatesLine(report: DataReport): string[] {
  const found = report.duplicates;
  if (found === null) return [];
  return [
    `Duplicates: ${count(found.found)} of ${count(found.checked)} ${found.split} examples also appear in the train sample${found.examples.length > 0 ? ` (e.g. #${found.examples.slice(0, 5).join(', #')})` : ''}.`,
  ];
}

export function formatDataReport(report: DataReport): string {
  const perSplit = report.splits.flatMap((split) => [...balanceLines(split), ...statsLines(split)]);
  const findings =
    report.findings.length === 0
      ? ['✓ No problems found in the data.']
      : report.findings.map((finding) => `${SEVERITY_MARK[finding.severity]} ${finding.message}`);
  return [
    'Data:',
    ...report.splits.map(splitLine),
    ...perSplit,
    ...duplicatesLine(report),
    ...samplesLine(report),
    ...findings,
    `(${report.sampleNote} Took ${(report.durationMs / 1000).toFixed(1)} s.)`,
  ].join('\n');
}

/** One line for the start of a training run, plus its findings. */
export function formatDataBrief(report: DataReport): string {
  const splits = report.splits.map((split) => `${split.name} ${split.size === null ? '?' : count(split.size)}`);
  return [
    `Data: ${splits.join(', ')}${report.findings.length === 0 ? ' — no problems found' : ''}`,
    ...report.findings.map((finding) => `${SEVERITY_MARK[finding.severity]} ${finding.message}`),
  ].join('\n');
}
