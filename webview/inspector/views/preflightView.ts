/** The pre-flight report: summary, shapes, initial versus expected loss, gradient flow per layer, findings. */
import type { PreflightReport } from '../../../extension/protocol/inspection';
import { el } from '../../dom';
import { findingsList } from './findingsList';

function shape(dims: readonly (number | null)[]): string {
  return `[${dims.map((dim) => (dim === null ? 'null' : String(dim))).join(',')}]`;
}

function number(value: number | null): string {
  if (value === null) return '–';
  if (value === 0) return '0';
  return Math.abs(value) < 1e-3 || Math.abs(value) >= 1e4
    ? value.toExponential(2)
    : String(Number(value.toPrecision(4)));
}

function row(...cells: (string | Node)[]): HTMLTableRowElement {
  return el('tr', {}, ...cells.map((cell) => el('td', {}, cell)));
}

function facts(report: PreflightReport): HTMLElement {
  const expected =
    report.expectedInitialLoss === null
      ? ''
      : ` (expected ≈ ${number(report.expectedInitialLoss)}: ${report.expectedReason})`;
  return el(
    'dl',
    { class: 'facts' },
    el('dt', {}, 'Model'),
    el(
      'dd',
      {},
      `${report.summary.name}: ${report.summary.layers.length} layers, ${report.summary.totalParams.toLocaleString('en-US')} params`,
    ),
    el('dt', {}, 'Batch'),
    el('dd', {}, `${report.batchSize} examples, input ${shape(report.inputShape)}, labels ${shape(report.labelShape)}`),
    el('dt', {}, 'Initial loss'),
    el('dd', {}, `${report.loss} ${number(report.initialLoss)}${expected}`),
  );
}

function gradients(report: PreflightReport): HTMLElement {
  return el(
    'table',
    { class: 'gradients' },
    el('thead', {}, el('tr', {}, el('th', {}, 'Layer'), el('th', {}, 'Output'), el('th', {}, 'Gradient norm'))),
    el(
      'tbody',
      {},
      ...report.layers.map((layer) => {
        const tr = row(layer.name, layer.outputShape.map(shape).join(' '), number(layer.gradientNorm));
        if (layer.gradientNorm === 0) tr.classList.add('zero');
        return tr;
      }),
    ),
  );
}

export function preflightView(report: PreflightReport): HTMLElement[] {
  return [facts(report), findingsList(report.findings), gradients(report)];
}
