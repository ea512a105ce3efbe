/** Plain-language problems in a data report: what is wrong, in which split, what to do. Pure. */
import type { DataFinding, Duplicates, SplitReport } from '../../protocol/dataReport';
import { dominantClass } from '../../protocol/dataFormat';

/** Inputs larger than this in magnitude are likely unscaled (pixel values 0–255, raw prices). */
export const UNSCALED_INPUT = 10;

function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

function count(value: number, noun: string): string {
  return `${value.toLocaleString('en-US')} ${noun}${value === 1 ? '' : 's'}`;
}

function balanceFindings(split: SplitReport): DataFinding[] {
  if (split.balance === null) return [];
  const { counts } = split.balance;
  const findings: DataFinding[] = [];
  const dominant = dominantClass(counts);
  if (dominant !== undefined) {
    const ratio = Number.isFinite(dominant.ratio) ? `${dominant.ratio.toFixed(1)}×` : 'all';
    findings.push({
      severity: 'warning',
      split: split.name,
      message: `Class ${dominant.label} dominates the ${split.name} split: ${percent(dominant.share)} of the examples, ${ratio} the others on average. Accuracy can look good by always predicting it; rebalance, weight the classes, or watch per-class recall.`,
    });
  }
  const missing = counts.flatMap((n, label) => (n === 0 ? [label] : []));
  if (missing.length > 0 && split.balance.encoding === 'oneHot')
    findings.push({
      severity: 'warning',
      split: split.name,
      message: `The ${split.name} split has no example of class ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? '…' : ''}.`,
    });
  return findings;
}

function nonFiniteFindings(split: SplitReport): DataFinding[] {
  const findings: DataFinding[] = [];
  for (const [what, counts] of [
    ['inputs', split.inputNonFinite],
    ['labels', split.labelNonFinite],
  ] as const) {
    const parts = [
      ...(counts.nan > 0 ? [count(counts.nan, 'NaN')] : []),
      ...(counts.infinity > 0 ? [count(counts.infinity, 'infinite value')] : []),
    ];
    if (parts.length > 0)
      findings.push({
        severity: 'error',
        split: split.name,
        message: `The ${split.name} ${what} hold ${parts.join(' and ')}: the loss will become NaN. Fill or drop them before training.`,
      });
  }
  return findings;
}

function scaleFindings(split: SplitReport): DataFinding[] {
  const largest = Math.max(
    0,
    ...split.inputStats.map((stats) => Math.max(Math.abs(stats.min ?? 0), Math.abs(stats.max ?? 0))),
  );
  const constant = split.inputStats.filter((stats) => stats.std === 0);
  const findings: DataFinding[] = [];
  if (largest > UNSCALED_INPUT)
    findings.push({
      severity: 'warning',
      split: split.name,
      message: `The ${split.name} inputs reach ${largest.toPrecision(3)}: unscaled inputs make training slow or unstable. Scale them to about [0, 1] or standardise them.`,
    });
  if (constant.length > 0 && constant.length < split.inputStats.length)
    findings.push({
      severity: 'warning',
      split: split.name,
      message: `${constant
        .map((stats) => stats.name)
        .slice(0, 4)
        .join(
          ', ',
        )} ${constant.length === 1 ? 'is' : 'are'} constant in the ${split.name} split: ${constant.length === 1 ? 'it carries' : 'they carry'} no information.`,
    });
  return findings;
}

function duplicateFindings(duplicates: Duplicates | null): DataFinding[] {
  if (duplicates === null || duplicates.found === 0) return [];
  return [
    {
      severity: 'warning',
      split: duplicates.split,
      message: `${count(duplicates.found, 'example')} of the ${duplicates.split} split (of ${duplicates.checked.toLocaleString('en-US')} checked) also appear in train: its scores overstate how well the model generalises.`,
    },
  ];
}

export function dataFindings(splits: readonly SplitReport[], duplicates: Duplicates | null): DataFinding[] {
  return [
    ...splits.flatMap((split) => [...nonFiniteFindings(split), ...balanceFindings(split), ...scaleFindings(split)]),
    ...duplicateFindings(duplicates),
  ];
}
