/** Run records for the Run History tests: a completed run's run.json and contents, with overrides. */
import type { BatchRecord, EpochRecord } from '../../extension/protocol/records';
import type { RunInfo } from '../../extension/runs/runFiles';
import type { RunContents } from '../../extension/runs/runReader';
import type { RunSummary } from '../../extension/host/history/runSummary';

export function runInfo(overrides: Partial<RunInfo> = {}): RunInfo {
  return {
    formatVersion: 1,
    runId: '20261128-074051-model-e0e7',
    status: 'completed',
    command: 'train',
    modelFile: '/ws/models/model.ts',
    startedAt: '2026-11-28T07:40:51.000Z',
    endedAt: '2026-11-28T07:41:56.000Z',
    pid: 1,
    hostname: 'elsewhere',
    config: {
      epochs: 3,
      batchSize: 32,
      optimizer: 'adam',
      learningRate: 0.01,
      loss: 'categoricalCrossentropy',
      metrics: ['accuracy'],
      validationSplit: 0,
      shuffle: 'yes',
    },
    backend: {
      name: 'tensorflow',
      native: 'yes',
      packageName: '@tensorflow/tfjs-node',
      packagePath: '/x',
      version: '4.22.0',
      reason: 'native',
    },
    error: null,
    ...overrides,
  };
}

export function epoch(epochNumber: number, logs: Record<string, number>): EpochRecord {
  return { epoch: epochNumber, step: epochNumber * 10, time: 0, durationMs: 100, samplesPerSec: 1000, logs };
}

export function batch(step: number, loss: number): BatchRecord {
  return { epoch: Math.floor((step - 1) / 10) + 1, batch: (step - 1) % 10, step, time: 0, logs: { loss, acc: 0.5 } };
}

export function runContents(
  info: Partial<RunInfo>,
  epochs: EpochRecord[] = [],
  batches: BatchRecord[] = [],
): RunContents {
  return {
    info: runInfo(info),
    batches,
    epochs,
    layers: [],
    layerStats: [],
    probes: [],
    controls: [],
    skippedLines: 0,
    skippedAt: [],
  };
}

export function summary(info: Partial<RunInfo>, finalLogs: Record<string, number> = {}, orphaned = false): RunSummary {
  return { runDir: `/ws/.tensorscope/runs/${info.runId ?? 'run'}`, info: runInfo(info), finalLogs, orphaned };
}
