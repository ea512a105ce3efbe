/** The learning-rate range test: loss against learning rate (log x), the suggestion and an Apply button. */
import type { LearningRateRange } from '../../../extension/protocol/inspection';
import { ChartView } from '../../chart/chartView';
import type { ChartTheme } from '../../chart/theme';
import { el, setText } from '../../dom';
import { formatSuggestion, learningRateChartData, suggestionMarker } from '../data/learningRateChart';

export class LearningRateView {
  private readonly chart = new ChartView('Loss against learning rate', { withMarkers: true });
  private readonly text = el('p', { class: 'lr-suggestion' });
  private readonly apply = el('button', { type: 'button', class: 'action', id: 'apply-learning-rate' }, 'Apply');
  readonly element = el(
    'div',
    { class: 'lr' },
    el('div', { class: 'lr-row' }, this.text, this.apply),
    this.chart.element,
  );
  private suggested: number | null = null;

  constructor(onApply: (learningRate: number) => void) {
    this.apply.addEventListener('click', () => {
      if (this.suggested !== null) onApply(this.suggested);
    });
  }

  update(result: LearningRateRange, theme: ChartTheme): void {
    this.suggested = result.suggested;
    this.apply.hidden = result.suggested === null;
    const value = result.suggested === null ? '' : formatSuggestion(result.suggested);
    this.apply.textContent = `Apply learningRate ${value}`;
    setText(
      this.text,
      result.suggested === null
        ? `No suggestion: ${result.reason}`
        : `Suggested learning rate ${value}: ${result.reason}`,
    );
    const layout = { xLabel: 'Learning rate (log scale)', yLabel: 'Loss', yLog: false, xLog: true, theme };
    this.chart.update(learningRateChartData(result), layout, suggestionMarker(result));
  }
}
