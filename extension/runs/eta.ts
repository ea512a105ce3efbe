/** Seconds left, from the average pace so far; null until a pace is known. */
export function estimateEtaSeconds(stepsDone: number, totalSteps: number | null, elapsedMs: number): number | null {
  if (totalSteps === null || stepsDone <= 0 || elapsedMs <= 0) return null;
  const remaining = Math.max(0, totalSteps - stepsDone);
  return (remaining * elapsedMs) / stepsDone / 1000;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
