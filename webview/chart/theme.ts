/**
 * Chart colours and fonts, read from the CSS variables VS Code sets on the webview, and a
 * watcher that reports theme switches (VS Code swaps the body class and rewrites the
 * variables on the root element).
 */
import type { SeriesPalette } from './colors';

export interface ChartTheme {
  readonly foreground: string;
  readonly grid: string;
  readonly font: string;
  readonly palette: SeriesPalette;
}

const TRAIN_VARS = [
  '--vscode-charts-blue',
  '--vscode-charts-green',
  '--vscode-charts-purple',
  '--vscode-charts-yellow',
];
const VAL_VARS = [
  '--vscode-charts-orange',
  '--vscode-charts-red',
  '--vscode-charts-foreground',
  '--vscode-charts-lines',
];

/** Reads the current theme; each colour is resolved to `rgb()` so alpha can be applied. */
export function readChartTheme(): ChartTheme {
  const probe = document.createElement('span');
  probe.hidden = true;
  document.body.append(probe);
  try {
    const color = (variable: string, fallback: string): string => resolveColor(probe, variable, fallback);
    const style = getComputedStyle(document.body);
    const family = style.getPropertyValue('--vscode-font-family').trim() || 'sans-serif';
    const size = style.getPropertyValue('--vscode-font-size').trim() || '13px';
    return {
      foreground: color('--vscode-foreground', 'CanvasText'),
      grid: color('--vscode-charts-lines', 'GrayText'),
      font: `${size} ${family}`,
      palette: {
        train: TRAIN_VARS.map((variable) => color(variable, 'CanvasText')),
        val: VAL_VARS.map((variable) => color(variable, 'GrayText')),
      },
    };
  } finally {
    probe.remove();
  }
}

function resolveColor(probe: HTMLElement, variable: string, fallback: string): string {
  probe.style.color = `var(${variable}, ${fallback})`;
  return getComputedStyle(probe).color;
}

/** Calls `onChange` after each theme switch; returns a function that stops watching. */
export function watchTheme(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  return () => observer.disconnect();
}
