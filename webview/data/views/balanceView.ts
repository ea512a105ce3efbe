/** Label balance as horizontal bars, one per class; a dominating class is marked. */
import { el } from '../../dom';
import type { BalanceChart } from '../dataViewModel';

export function balanceView(chart: BalanceChart): HTMLElement {
  const bars = chart.bars.map((bar) => {
    const fill = el('span', { class: `bar-fill${bar.dominant ? ' dominant' : ''}` });
    // CSSOM sizes are allowed under the CSP (only style attributes in markup are not).
    fill.style.width = `${bar.width.toFixed(1)}%`;
    return el(
      'li',
      {
        class: 'bar-row',
        'aria-label': `class ${bar.label}: ${bar.count} examples, ${bar.percent}${bar.dominant ? ', dominates' : ''}`,
      },
      el('span', { class: 'bar-label' }, bar.label),
      el('span', { class: 'bar-track' }, fill),
      el('span', { class: 'bar-count' }, bar.count),
      el('span', { class: 'bar-percent' }, bar.percent),
    );
  });
  const more = chart.hidden > 0 ? [el('p', { class: 'meta' }, `… and ${chart.hidden} more classes`)] : [];
  return el(
    'figure',
    { class: 'balance', 'data-split': chart.split },
    el('figcaption', {}, chart.caption),
    el('ol', { class: 'bars' }, ...bars),
    ...more,
  );
}
