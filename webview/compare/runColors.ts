/**
 * One colour per compared run, the same in the charts and the table: the theme's chart
 * colours in the order of the `run-color-<n>` classes in compare.css.
 */
import type { ChartTheme } from '../chart/theme';

export const RUN_COLOR_COUNT = 6;

/** The chart theme with each run's train and validation series in that run's colour. */
export function compareTheme(theme: ChartTheme): ChartTheme {
  const colors = [...theme.palette.train, ...theme.palette.val.slice(0, 2)].slice(0, RUN_COLOR_COUNT);
  return { ...theme, palette: { train: colors, val: colors } };
}

/** The CSS class giving an element the run's colour as `--run-color`. */
export function runColorClass(index: number): string {
  return `run-color-${index % RUN_COLOR_COUNT}`;
}
