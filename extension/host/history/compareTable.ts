/**
 * The Compare panel's table: the chosen runs' configs, results and git state side by side.
 * A config or source cell that differs from the first run's is marked `differs`; in a result
 * row whose metric has a better direction, the best value is marked `best`. Pure.
 */
import * as path from 'node:path';
import type { CompareCell, CompareRow, CompareSection } from '../../protocol/compareMessages';
import type { RunContents } from '../../runs/runReader';
import { checkpointLabel } from '../../protocol/evaluation';
import { configKeyTitle, validationSource } from '../../protocol/configNames';
import { hasValidationKeys, metricKeyTitle, metricTitle } from '../../protocol/metricNames';
import { modelDisplayName } from '../modelDisplayName';
import { formatDuration, formatMetric } from './runTreeShape';

type Value = { text: string; title?: string; action?: 'showDiff' };
type RowSource = { label: string; values: Value[] };

const MISSING = '—';

export function compareSections(runs: readonly RunContents[]): CompareSection[] {
  return [
    { title: 'Configuration', rows: configRows(runs).map(markDifferences) },
    { title: 'Results', rows: resultRows(runs) },
    { title: 'Source', rows: sourceRows(runs).map(markDifferences) },
  ];
}

/** Marks each cell whose text differs from the first run's. */
export function markDifferences(source: RowSource): CompareRow {
  const first = source.values[0]?.text;
  const cells = source.values.map((value): CompareCell => ({
    ...value,
    mark: value.text === first ? 'none' : 'differs',
  }));
  return { label: source.label, differs: cells.some((cell) => cell.mark === 'differs'), cells };
}

/** Marks the best number of the row (lower or higher is better), when the runs do not all tie. */
export function markBest(
  label: string,
  numbers: readonly (number | undefined)[],
  better: 'lower' | 'higher',
): CompareRow {
  const finite = numbers.filter((value): value is number => value !== undefined && Number.isFinite(value));
  const best = better === 'lower' ? Math.min(...finite) : Math.max(...finite);
  const texts = numbers.map((value) => (value === undefined ? MISSING : formatMetric(value)));
  const differs = new Set(texts).size > 1;
  // Best of one is no comparison: a value only one run has (an evaluation of one run) gets no star.
  const compared = differs && numbers.filter((value) => value !== undefined).length > 1;
  const cells = numbers.map((value, index): CompareCell => ({
    text: texts[index] ?? MISSING,
    mark: compared && value === best ? 'best' : 'none',
  }));
  return { label, differs, cells };
}

/** Which way a metric improves: losses and errors down, accuracies and the like up. */
export function betterDirection(metric: string): 'lower' | 'higher' | undefined {
  const name = metric.replace(/^val_/, '').toLowerCase();
  if (/loss|error|mse|mae|mape|msle|hinge|crossentropy/.test(name)) return 'lower';
  if (/acc|precision|recall|auc|f1/.test(name)) return 'higher';
  return undefined;
}

function configRows(runs: readonly RunContents[]): RowSource[] {
  const row = (
    label: string,
    text: (run: RunContents) => string | undefined,
    title?: (run: RunContents) => string,
  ) => ({
    label,
    values: runs.map((run) => ({ text: text(run) ?? MISSING, ...(title ? { title: title(run) } : {}) })),
  });
  const config = (run: RunContents) => run.info.config;
  return [
    row(
      'model file',
      (run) => modelDisplayName(run.info.modelFile),
      (run) => run.info.modelFile,
    ),
    row(configKeyTitle('epochs'), (run) => text(config(run)?.epochs)),
    row(configKeyTitle('batchSize'), (run) => text(config(run)?.batchSize)),
    row(configKeyTitle('optimizer'), (run) => config(run)?.optimizer),
    row(configKeyTitle('learningRate'), (run) => text(config(run)?.learningRate ?? undefined)),
    row(configKeyTitle('loss'), (run) => config(run)?.loss),
    row(configKeyTitle('metrics'), (run) => configuredMetrics(run) ?? recordedMetrics(run), metricsTitle),
    row(configKeyTitle('validationSplit'), (run) => validation(run)),
    row(configKeyTitle('shuffle'), (run) => config(run)?.shuffle),
    row(
      'backend',
      (run) => run.info.backend?.name,
      (run) => run.info.backend?.reason ?? '',
    ),
    row('params', (run) => text(run.info.summary?.totalParams)),
    row('resumed from', (run) => (run.info.resumedFrom ? path.basename(run.info.resumedFrom) : undefined)),
  ];
}

/** Where a run's validation data came from, told by its config, its mode and its recorded figures. */
function validation(run: RunContents): string | undefined {
  const split = run.info.config?.validationSplit;
  if (split === undefined) return undefined;
  return validationSource(split, run.info.mode, hasValidationKeys(run.epochs.at(-1)?.logs ?? {}));
}

function resultRows(runs: readonly RunContents[]): CompareRow[] {
  const last = runs.map((run) => run.epochs.at(-1));
  const metricKeys = [...new Set(last.flatMap((epoch) => Object.keys(epoch?.logs ?? {})))].sort(byLossFirst);
  const status = markDifferences({ label: 'status', values: runs.map((run) => ({ text: run.info.status })) });
  const epochsRun = markDifferences({
    label: 'epochs run',
    values: last.map((epoch) => ({ text: String(epoch?.epoch ?? 0) })),
  });
  const duration = plainRow(
    'duration',
    runs.map((run) =>
      run.info.endedAt ? formatDuration(Date.parse(run.info.endedAt) - Date.parse(run.info.startedAt)) : MISSING,
    ),
  );
  const metrics = metricKeys.map((key) => {
    const values = last.map((epoch) => epoch?.logs[key]);
    const better = betterDirection(key);
    const label = `final ${metricKeyTitle(key)}`;
    return better ? markBest(label, values, better) : plainRow(label, values.map(optionalMetric));
  });
  // Runs without validation data record their best train loss as `best.loss`: no val_loss row from those.
  const bestVal = runs.some((run) => run.info.best?.val_loss !== undefined)
    ? [
        markBest(
          `best ${metricKeyTitle('val_loss')}`,
          runs.map((run) => run.info.best?.val_loss),
          'lower',
        ),
      ]
    : [];
  const speed = plainRow(
    'samples/s',
    last.map((epoch) => (epoch ? formatMetric(Math.round(epoch.samplesPerSec)) : MISSING)),
  );
  return [status, epochsRun, duration, ...metrics, ...bestVal, speed, ...evaluationRows(runs)];
}

/** Each run's newest evaluation (recorded inside the run): what it scored, then one row per figure. */
function evaluationRows(runs: readonly RunContents[]): CompareRow[] {
  const evaluations = runs.map((run) => run.evaluation);
  if (evaluations.every((evaluation) => evaluation === undefined)) return [];
  const keys = [...new Set(evaluations.flatMap((evaluation) => Object.keys(evaluation?.logs ?? {})))].sort(byLossFirst);
  const scored = plainRow(
    'evaluated on',
    evaluations.map((evaluation) =>
      evaluation ? `${evaluation.split} · ${checkpointLabel(evaluation.checkpoint)}` : MISSING,
    ),
  );
  return [
    scored,
    ...keys.map((key) => {
      const values = evaluations.map((evaluation) => evaluation?.logs[key]);
      const better = betterDirection(key);
      const label = `evaluation ${metricTitle(key)}`;
      return better ? markBest(label, values, better) : plainRow(label, values.map(optionalMetric));
    }),
  ];
}

function configuredMetrics(run: RunContents): string | undefined {
  return run.info.config?.metrics.join(', ') || undefined;
}

/**
 * A model that compiles itself (in the model file) leaves the config's metrics empty: the metrics
 * its epochs recorded say what it measured ("acc" for `metrics: ['accuracy']`).
 */
function recordedMetrics(run: RunContents): string | undefined {
  const keys = new Set(run.epochs.flatMap((epoch) => Object.keys(epoch.logs)));
  const metrics = [...keys].filter((key) => key !== 'loss' && !key.startsWith('val_'));
  return metrics.join(', ') || undefined;
}

function metricsTitle(run: RunContents): string {
  if (configuredMetrics(run) !== undefined) return '';
  return recordedMetrics(run) === undefined
    ? 'No metrics configured or recorded'
    : 'Recorded in the run’s epochs (the model file compiles the model itself)';
}

function sourceRows(runs: readonly RunContents[]): RowSource[] {
  return [
    {
      label: 'git commit',
      values: runs.map(({ info }) =>
        info.git ? { text: info.git.commit.slice(0, 10), title: info.git.commit } : { text: MISSING },
      ),
    },
    { label: 'branch', values: runs.map(({ info }) => ({ text: info.git?.branch ?? MISSING })) },
    { label: 'model file diff', values: runs.map(({ info }) => diffValue(info.git?.diff)) },
  ];
}

function diffValue(diff: string | undefined): Value {
  if (diff === undefined) return { text: MISSING };
  if (diff === '') return { text: 'unchanged', action: 'showDiff' };
  const lines = diff.split('\n');
  const added = lines.filter((line) => line.startsWith('+') && !line.startsWith('+++')).length;
  const removed = lines.filter((line) => line.startsWith('-') && !line.startsWith('---')).length;
  return { text: `+${added} −${removed}`, action: 'showDiff' };
}

function plainRow(label: string, texts: readonly string[]): CompareRow {
  return { label, differs: new Set(texts).size > 1, cells: texts.map((value) => ({ text: value, mark: 'none' })) };
}

function optionalMetric(value: number | undefined): string {
  return value === undefined ? MISSING : formatMetric(value);
}

function text(value: number | string | undefined): string | undefined {
  return value === undefined ? undefined : String(value);
}

/** loss, val_loss, then the other metrics, each followed by its val_ form. */
function byLossFirst(a: string, b: string): number {
  const rank = (key: string): string =>
    `${key.replace(/^val_/, '') === 'loss' ? 0 : 1}${key.replace(/^val_/, '')}${key.startsWith('val_') ? 1 : 0}`;
  return rank(a).localeCompare(rank(b));
}
