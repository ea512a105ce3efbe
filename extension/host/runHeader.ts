/** The loss panel's header for a run that starts now, and for a run read from its folder. */
import type { RunHeader } from '../protocol/panelMessages';
import type { BatchRecord, EpochRecord } from '../protocol/records';
import type { RunInfo } from '../runs/runFiles';
import { modelDisplayName } from './modelDisplayName';

export function newRunHeader(runId: string, modelFile: string, startedAt: number): RunHeader {
  return {
    runId,
    modelFile,
    modelName: modelDisplayName(modelFile),
    status: 'running',
    startedAt,
    endedAt: null,
    epoch: 0,
    totalEpochs: 0,
    step: 0,
    stepsPerEpoch: null,
    samplesPerSec: null,
    etaSeconds: null,
    backend: null,
    config: null,
    summary: null,
    error: null,
    paused: false,
    evaluation: null,
  };
}

/** The header of a run read from disk, as of its newest batch and epoch records. */
export function recordedHeader(
  info: RunInfo,
  lastBatch: BatchRecord | undefined,
  lastEpoch: EpochRecord | undefined,
  interrupted = false,
): RunHeader {
  return {
    runId: info.runId,
    modelFile: info.modelFile,
    modelName: modelDisplayName(info.modelFile),
    status: interrupted ? 'interrupted' : info.status,
    startedAt: Date.parse(info.startedAt),
    endedAt: info.endedAt ? Date.parse(info.endedAt) : null,
    epoch: lastEpoch?.epoch ?? 0,
    totalEpochs: info.config?.epochs ?? 0,
    step: lastBatch?.step ?? 0,
    stepsPerEpoch: info.stepsPerEpoch ?? null,
    samplesPerSec: lastEpoch?.samplesPerSec ?? null,
    etaSeconds: null,
    backend: info.backend,
    ...(info.execution && { execution: info.execution }),
    ...(info.mode && { mode: info.mode }),
    config: info.config,
    summary: info.summary ?? null,
    error: info.error,
    paused: false,
    evaluation: null,
  };
}
