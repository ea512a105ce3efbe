/** One-line summaries of the pre-flight report and the learning-rate range test, for notifications. Pure. */
import type { LearningRateRange, PreflightReport } from '../../protocol/inspection';
import { formatLearningRate } from './configEdit';
import { formatStat } from './hoverCard';

export interface ReportSummary {
  readonly severity: 'ok' | 'warning' | 'error';
  readonly text: string;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function preflightSummary(report: PreflightReport, fileName: string): ReportSummary {
  const errors = report.findings.filter((finding) => finding.severity === 'error');
  const warnings = report.findings.filter((finding) => finding.severity === 'warning');
  const expected = report.expectedInitialLoss === null ? '' : ` (expected ≈ ${formatStat(report.expectedInitialLoss)})`;
  const loss = `initial ${report.loss} ${formatStat(report.initialLoss)}${expected}`;
  const first = errors[0] ?? warnings[0];
  if (first === undefined) return { severity: 'ok', text: `Pre-flight check of ${fileName} passed: ${loss}.` };
  const counts = [
    errors.length > 0 && plural(errors.length, 'error'),
    warnings.length > 0 && plural(warnings.length, 'warning'),
  ]
    .filter(Boolean)
    .join(', ');
  return {
    severity: errors.length > 0 ? 'error' : 'warning',
    text: `Pre-flight check of ${fileName}: ${counts}. ${first.message}${report.findings.length > 1 ? ' …' : ''} (${loss})`,
  };
}

export function learningRateSummary(result: LearningRateRange, fileName: string): string {
  return result.suggested === null
    ? `Learning-rate range test of ${fileName}: no suggestion (${result.reason}).`
    : `Learning-rate range test of ${fileName}: try learningRate ${formatLearningRate(result.suggested)} (${result.reason}).`;
}
