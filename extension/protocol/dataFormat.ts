/**
 * How the Data view, the CLI and the hover format one statistic: three significant digits,
 * scientific notation for very small or large values, "–" when there is none. Pure; shared by
 * the host, the CLI and the webview (which sees only this protocol folder).
 */
export function formatStatValue(value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  return magnitude < 1e-3 || magnitude >= 1e4 ? value.toExponential(1) : String(Number(value.toPrecision(3)));
}
