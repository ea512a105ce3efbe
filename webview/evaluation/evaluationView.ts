/**
 * The evaluation section under the charts: which split and checkpoint were scored, the loss
 * and metrics and, for classifiers, the confusion matrix with per-class precision and recall
 * and the most confidently wrong examples. Rebuilt only when a new evaluation arrives.
 */
import type { ClassificationReport, EvaluationSummary } from '../../extension/protocol/evaluation';
import { el } from '../dom';
import { confusionTable } from './confusionTableView';
import { evaluationFigures, evaluationSubtitle, formatPercent } from './evaluationFormat';
import { wrongExamplesList } from './wrongExamplesView';

/** Metric names that already say what the classification report's accuracy says. */
const ACCURACY_NAMES = new Set(['acc', 'accuracy', 'categoricalAccuracy', 'sparseCategoricalAccuracy']);

export class EvaluationView {
  readonly element = el('section', { class: 'evaluation', 'aria-labelledby': 'evaluation-title' });
  private shown: EvaluationSummary | null = null;

  constructor() {
    this.element.hidden = true;
  }

  update(summary: EvaluationSummary | null): void {
    if (sameEvaluation(this.shown, summary)) return;
    this.shown = summary;
    this.element.hidden = summary === null;
    this.element.replaceChildren(...(summary === null ? [] : evaluationContent(summary)));
  }
}

function sameEvaluation(a: EvaluationSummary | null, b: EvaluationSummary | null): boolean {
  if (a === null || b === null) return a === b;
  return a.time === b.time && a.checkpoint === b.checkpoint && a.split === b.split;
}

function evaluationContent(summary: EvaluationSummary): HTMLElement[] {
  const title = el('h2', { id: 'evaluation-title' }, 'Evaluation');
  const subtitle = el('p', { class: 'evaluation-meta' }, evaluationSubtitle(summary));
  const report = summary.classification;
  const figures = figureList(summary.logs, report);
  return [title, subtitle, figures, ...(report === undefined ? [] : classificationContent(report))];
}

function figureList(logs: Readonly<Record<string, number>>, report: ClassificationReport | undefined): HTMLElement {
  const figures = evaluationFigures(logs);
  const hasAccuracy = figures.some(({ name }) => ACCURACY_NAMES.has(name));
  if (report !== undefined && !hasAccuracy) figures.push({ name: 'accuracy', value: formatPercent(report.accuracy) });
  const items = figures.map(({ name, value }) => el('div', {}, el('dt', {}, name), el('dd', {}, value)));
  return el('dl', { class: 'evaluation-figures' }, ...items);
}

function classificationContent(report: ClassificationReport): HTMLElement[] {
  const matrix = el('div', {
    class: 'confusion-scroll',
    tabindex: '0',
    role: 'region',
    'aria-label': 'Confusion matrix',
  });
  matrix.append(confusionTable(report));
  if (report.mostConfidentlyWrong.length === 0) return [matrix];
  const heading = el('h3', { id: 'wrong-examples-title' }, 'Most confidently wrong');
  const list = wrongExamplesList(report.mostConfidentlyWrong);
  list.setAttribute('aria-labelledby', heading.id);
  return [matrix, heading, list];
}
