/**
 * The evaluation section under the charts: which split and checkpoint were scored, the loss
 * and metrics and, for classifiers, the confusion matrix with per-class precision and recall
 * and the most confidently wrong examples. Rebuilt only when a new evaluation arrives.
 */
import type { ClassificationReport, EvaluationSummary } from '../../extension/protocol/evaluation';
import { el } from '../dom';
import { MAX_MATRIX_CLASSES } from './confusionMatrix';
import { confusionTable, topConfusionsList } from './confusionTableView';
import { evaluationFigures, evaluationSubtitle, formatPercent } from './evaluationFormat';
import { wrongExamplesList } from './wrongExamplesView';

/** Metric names that already say what the classification report's accuracy says. */
const ACCURACY_NAMES = new Set(['acc', 'accuracy', 'categoricalAccuracy', 'sparseCategoricalAccuracy']);

/** An evaluation this recent has just arrived (one shown again after the panel reloads is older). */
const FRESH_MS = 10_000;

export class EvaluationView {
  readonly element = el('section', { class: 'evaluation', 'aria-labelledby': 'evaluation-title' });
  private shown: EvaluationSummary | null = null;

  constructor() {
    this.element.hidden = true;
  }

  /** Shows `summary`; true when a new evaluation arrived (not when one shown before is shown again). */
  update(summary: EvaluationSummary | null): boolean {
    if (sameEvaluation(this.shown, summary)) return false;
    this.shown = summary;
    this.element.hidden = summary === null;
    this.element.replaceChildren(...(summary === null ? [] : evaluationContent(summary)));
    return summary !== null && Date.now() - summary.time < FRESH_MS;
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

/** How many confusions the list names for a model with many classes. */
const TOP_CONFUSIONS = 15;

function classificationContent(report: ClassificationReport): HTMLElement[] {
  const matrix = el('div', {
    class: 'confusion-scroll',
    tabindex: '0',
    role: 'region',
    'aria-label': 'Confusion matrix',
  });
  const many = report.classes > MAX_MATRIX_CLASSES;
  const parts: HTMLElement[] = many ? [...topConfusionsContent(report), fullMatrix(report, matrix)] : [matrix];
  if (!many) matrix.append(confusionTable(report));
  if (report.mostConfidentlyWrong.length === 0) return parts;
  const heading = el('h3', { id: 'wrong-examples-title' }, 'Most confidently wrong');
  const list = wrongExamplesList(report.mostConfidentlyWrong);
  list.setAttribute('aria-labelledby', heading.id);
  return [...parts, heading, list];
}

/** Many classes: the most frequent mistakes first, as a list anyone can read. */
function topConfusionsContent(report: ClassificationReport): HTMLElement[] {
  const heading = el('h3', { id: 'top-confusions-title' }, `Top confusions (${report.classes} classes)`);
  const list = topConfusionsList(report, TOP_CONFUSIONS);
  list.setAttribute('aria-labelledby', heading.id);
  return [heading, list];
}

/** The whole matrix of many classes, built only when opened (10,000 cells for 100 classes). */
function fullMatrix(report: ClassificationReport, box: HTMLElement): HTMLElement {
  const summary = el('summary', {}, `Full confusion matrix (${report.classes} × ${report.classes}, scrolls)`);
  const details = el('details', { class: 'full-matrix' }, summary, box);
  details.addEventListener('toggle', () => {
    if (details.open && box.childElementCount === 0) box.append(confusionTable(report));
  });
  return details;
}
