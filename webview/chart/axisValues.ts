/** Numbers as the charts' axes and legends show them, and the log scale's range. Pure. */

export function formatX(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '–';
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

/** Four significant digits: losses range from 1e-4 to 1e2. */
export function formatY(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '–';
  return Number(value.toPrecision(4)).toString();
}

/**
 * Tick labels of a y axis with four significant digits: uPlot's own keep three decimals, so
 * ticks 0.0005 apart read "0.002, 0.002, 0.001, 0.001" on a loss chart near zero.
 */
export function yTickLabels(splits: readonly number[]): string[] {
  return splits.map(formatY);
}

/** The newest value of a series that has one (series hold `null` where they have no point). */
export function lastValue(values: ArrayLike<number | null | undefined>): number | null {
  for (let i = values.length - 1; i >= 0; i--) {
    const value = values[i];
    if (value !== null && value !== undefined) return value;
  }
  return null;
}

/** Tick labels of a log axis: powers of ten only (uPlot puts a tick at every 1–9 × 10^k). */
export function logTickLabels(splits: readonly number[]): string[] {
  return splits.map((value) => (isPowerOfTen(value) ? formatY(value) : ''));
}

export function isPowerOfTen(value: number): boolean {
  return value > 0 && Number.isInteger(Math.round(Math.log10(value) * 1e6) / 1e6);
}

const LOG_HEADROOM = 1.25;

/** A log scale fitted to the data with a little headroom, not widened to whole decades. */
export function logRange(min: number | null, max: number | null): [number, number] {
  if (min === null || max === null || !(min > 0) || !(max > 0)) return [0.1, 1];
  return [min / LOG_HEADROOM, max * LOG_HEADROOM];
}

/** Seconds as a clock-like duration: "45s", "3:07", "1:02:09". */
export function formatElapsed(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '–';
  const total = Math.round(seconds);
  const sign = total < 0 ? '-' : '';
  const abs = Math.abs(total);
  const h = Math.floor(abs / 3600);
  const m = Math.floor((abs % 3600) / 60);
  const s = abs % 60;
  if (h > 0) return `${sign}${h}:${pad2(m)}:${pad2(s)}`;
  if (m > 0) return `${sign}${m}:${pad2(s)}`;
  return `${sign}${s}s`;
}

/** Unix seconds as a local time of day: "14:03:27". */
export function formatClock(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '–';
  return new Date(seconds * 1000).toLocaleTimeString(undefined, { hour12: false });
}

/** Tick steps of an elapsed-time axis, in seconds: whole seconds, minutes and hours. */
export const ELAPSED_INCREMENTS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
];

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}
