/** Plain-text pieces of the panel header. Pure, so they are unit-tested. */
import type { RunHeader } from '../../extension/protocol/panelMessages';
import type { BackendInfo, SourceLocation } from '../../extension/protocol/model';
import { formatLoss, type BestEpoch } from '../../extension/protocol/runFigures';
import { formatLearningRate } from '../../extension/protocol/controlLabels';

const STATUS_LABELS: Record<RunHeader['status'], string> = {
  running: 'Running',
  completed: 'Completed',
  stopped: 'Stopped',
  failed: 'Failed',
  interrupted: 'Interrupted',
};

export function statusLabel(status: RunHeader['status']): string {
  return STATUS_LABELS[status];
}

/** The badge's text and state class: a paused run is still `running`, but its badge says "Paused". */
export function statusBadge(header: Pick<RunHeader, 'status' | 'paused'>): { label: string; state: string } {
  if (header.status === 'running' && header.paused) return { label: 'Paused', state: 'paused' };
  return { label: statusLabel(header.status), state: header.status };
}

export function formatEpoch(header: Pick<RunHeader, 'epoch' | 'totalEpochs'>): string {
  return `Epoch ${header.epoch}/${header.totalEpochs}`;
}

export function formatRate(samplesPerSec: number | null): string {
  if (samplesPerSec === null || !Number.isFinite(samplesPerSec)) return '– samples/s';
  const digits = samplesPerSec < 10 ? 1 : 0;
  return `${samplesPerSec.toLocaleString('en-US', { maximumFractionDigits: digits })} samples/s`;
}

/** "ETA 1h 05m", "ETA 3m 07s", "ETA 12s"; a dash when unknown. */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return 'ETA –';
  return `ETA ${formatDuration(seconds)}`;
}

/** "3m 07s elapsed": how long the run has been going (or went). */
export function formatElapsedTime(seconds: number): string {
  return `${formatDuration(Math.max(0, seconds))} elapsed`;
}

/** "1h 05m", "3m 07s", "12s". */
export function formatDuration(seconds: number): string {
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h ${pad(m)}m`;
  if (m > 0) return `${m}m ${pad(s)}s`;
  return `${s}s`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/**
 * "best: epoch 7 (validation loss 0.1234)"; "best: epoch 7, the newest" when the newest epoch is the best,
 * whose loss the line above already shows.
 */
export function formatBestEpoch(best: BestEpoch, newestEpoch?: number): string {
  if (best.epoch === newestEpoch) return `best: epoch ${best.epoch}, the newest`;
  return `best: epoch ${best.epoch} (${best.by} ${formatLoss(best.value)})`;
}

/** "learning rate 0.002": the optimizer's own rate, as the trainer read it. */
export function formatRunLearningRate(learningRate: number | null | undefined): string | null {
  return learningRate === null || learningRate === undefined
    ? null
    : `learning rate ${formatLearningRate(learningRate)}`;
}

export function formatBackend(backend: BackendInfo | null): string {
  if (backend === null) return 'backend –';
  return `${backend.name} (${backend.native === 'yes' ? 'native' : 'not native'})`;
}

/** The backend badge's short text: "tensorflow", or "cpu · slow" when it is not native TensorFlow. */
export function backendBadgeText(backend: BackendInfo | null): string {
  if (backend === null) return 'backend –';
  return backend.native === 'yes' ? backend.name : `${backend.name} · slow`;
}

/** What the backend badge's details say when training does not run on native TensorFlow. */
export function backendWarning(backend: BackendInfo | null): string | null {
  if (backend === null || backend.native === 'yes') return null;
  return `Not running on native TensorFlow: the ${backend.name} backend is much slower. ${backend.reason}`;
}

/** "model.ts:12:5": the file's base name (either separator), line and column. */
export function formatLocation(location: SourceLocation): string {
  const base = location.file.split(/[\\/]/).at(-1) ?? location.file;
  return `${base}:${location.line}:${location.column}`;
}
