/** Terminal renderings of the quick looks' results: pre-flight report, learning-rate sweep. */
import type { ClassificationReport } from '../protocol/evaluation';
import type { LearningRateRange, PreflightReport } from '../protocol/inspection';

const SEVERITY_MARK = { ok: '✓', warning: '!', error: '✗' } as const;

export function formatPreflight(report: PreflightReport): string {
  const expected =
    report.expectedInitialLoss === null
      ? report.expectedReason
      : `expected ≈ ${report.expectedInitialLoss.toPrecision(4)} (${report.expectedReason})`;
  const width = Math.max(...report.layers.map((layer) => layer.name.length), 5);
  const gradients = report.layers.map((layer) => {
    const norm = layer.gradientNorm === null ? '—' : layer.gradientNorm.toExponential(2);
    return `  ${layer.name.padEnd(width)}  ${norm}`;
  });
  return [
    `Pre-flight: one batch of ${report.batchSize}, inputs [${report.inputShape.join(',')}], labels [${report.labelShape.join(',')}]`,
    `Initial ${report.loss} loss: ${report.initialLoss.toPrecision(4)}; ${expected}`,
    'Gradient norm per layer:',
    ...gradients,
    ...report.findings.map((finding) => `${SEVERITY_MARK[finding.severity]} ${finding.message}`),
  ].join('\n');
}

/** A text plot: one row per sweep point (thinned), a bar for the smoothed loss. */
export function formatLearningRateRange(result: LearningRateRange, rows = 20, barWidth = 40): string {
  const finite = result.points.filter((point) => Number.isFinite(point.smoothedLoss));
  if (finite.length === 0) return result.reason;
  const stride = Math.max(1, Math.ceil(finite.length / rows));
  // The suggested point is always a row of its own, so the marked row shows the suggested value.
  const suggested = result.suggested === null ? undefined : nearest(finite, result.suggested);
  const shown = finite.filter((point, i) => i % stride === 0 || point === suggested);
  const min = Math.min(...shown.map((point) => point.smoothedLoss));
  const max = Math.max(...shown.map((point) => point.smoothedLoss));
  const lines = shown.map((point) => {
    const fraction = max > min ? (point.smoothedLoss - min) / (max - min) : 0;
    const mark = point === suggested ? ' ◀ suggested' : '';
    return `  lr ${point.learningRate.toExponential(1).padStart(8)}  ${'█'.repeat(Math.max(1, Math.round(fraction * barWidth)))} ${point.smoothedLoss.toPrecision(3)}${mark}`;
  });
  const suggestion =
    result.suggested === null ? 'No suggestion.' : `Suggested learning rate: ${result.suggested.toExponential(1)}`;
  return ['Smoothed loss against learning rate:', ...lines, suggestion, result.reason].join('\n');
}

function nearest<P extends { learningRate: number }>(points: P[], learningRate: number): P | undefined {
  const distance = (point: P) => Math.abs(Math.log(point.learningRate / learningRate));
  return points.reduce<P | undefined>(
    (best, point) => (!best || distance(point) < distance(best) ? point : best),
    undefined,
  );
}

export function formatClassification(report: ClassificationReport): string {
  const width = Math.max(5, ...report.confusion.flat().map((n) => String(n).length + 1));
  const cell = (text: string | number) => String(text).padStart(width);
  const header = `${'true\\pred'.padEnd(10)}${Array.from({ length: report.classes }, (_, c) => cell(c)).join('')}   recall  precision`;
  const rows = report.confusion.map(
    (row, c) =>
      `${String(c).padEnd(10)}${row.map(cell).join('')}   ${(report.recall[c] ?? 0).toFixed(3).padStart(6)}  ${(report.precision[c] ?? 0).toFixed(3).padStart(9)}`,
  );
  const wrong = report.mostConfidentlyWrong
    .slice(0, 5)
    .map(
      (example) =>
        `  #${example.index}: label ${example.label}, predicted ${example.predicted} with ${(example.confidence * 100).toFixed(1)}%`,
    );
  return [
    `Accuracy ${(report.accuracy * 100).toFixed(2)}%. Confusion matrix (rows: true class, columns: predicted):`,
    header,
    ...rows,
    ...(wrong.length > 0 ? ['Most confidently wrong:', ...wrong] : []),
  ].join('\n');
}
