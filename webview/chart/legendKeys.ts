/**
 * The chart legend's entries as toggle buttons for the keyboard too. uPlot shows or hides a
 * series when its legend label is clicked; here each label is also reachable with Tab, Enter or
 * Space toggles it, and `aria-pressed` says whether its series is shown.
 */
import type uPlot from 'uplot';

/** The legend labels by uPlot series index; the x series (0) has no toggle and gets none. */
function toggleLabels(plot: uPlot, legend: ParentNode): Map<number, HTMLElement> {
  const labels = [...legend.querySelectorAll<HTMLElement>('tr.u-series > th')];
  // With a live legend the x series has a row too; without one the rows start at series 1.
  const offset = plot.series.length - labels.length;
  const byIndex = new Map<number, HTMLElement>();
  labels.forEach((label, row) => {
    if (row + offset > 0) byIndex.set(row + offset, label);
  });
  return byIndex;
}

/** Makes the legend's labels focusable toggles; call once per uPlot instance, after it mounted its legend. */
export function makeLegendKeyboardOperable(plot: uPlot, legend: ParentNode): void {
  for (const [index, label] of toggleLabels(plot, legend)) {
    label.tabIndex = 0;
    label.setAttribute('role', 'button');
    label.title = 'Show or hide this series (Enter or Space)';
    label.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' && event.key !== ' ') return;
      event.preventDefault();
      plot.setSeries(index, { show: plot.series[index]?.show === false });
    });
  }
  syncLegendPressed(plot, legend);
}

/** `aria-pressed` of each toggle from its series' visibility (uPlot's `setSeries` hook calls this). */
export function syncLegendPressed(plot: uPlot, legend: ParentNode): void {
  for (const [index, label] of toggleLabels(plot, legend))
    label.setAttribute('aria-pressed', String(plot.series[index]?.show !== false));
}
