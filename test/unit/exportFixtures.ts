/** A small recorded run, built by hand, for the export tests. */
import type { RunContents } from '../../extension/runs/runReader';

const START = 1_795_000_000_000;

const histogram = (min: number, max: number, counts: number[]) => ({ min, max, counts });

/** Built untyped, then cast: RunContents grows record kinds (e.g. `controls`) that the export ignores. */
export function sampleRun(): RunContents {
  const batch = (step: number, loss: number) => ({
    epoch: step <= 2 ? 1 : 2,
    batch: (step - 1) % 2,
    step,
    time: START + 1500 * step,
    logs: { loss, acc: 0.5 },
  });
  const run = {
    info: {
      formatVersion: 1,
      runId: '20261128-000000-model-abcd',
      status: 'completed',
      command: 'train',
      modelFile: '/work/model.ts',
      startedAt: new Date(START).toISOString(),
      endedAt: new Date(START + 10_000).toISOString(),
      pid: 1,
      hostname: 'test-host',
      config: null,
      backend: null,
      error: null,
    },
    batches: [batch(1, 1.5), batch(2, 1.25), batch(3, 1), batch(4, Number.NaN)],
    epochs: [
      {
        epoch: 1,
        step: 2,
        time: START + 3000,
        durationMs: 3000,
        samplesPerSec: 21.5,
        logs: { loss: 1.375, val_loss: 1.125 },
      },
      {
        epoch: 2,
        step: 4,
        time: START + 6000,
        durationMs: 3000,
        samplesPerSec: 22,
        logs: { loss: 0.75, 'val,"odd"': 1, val_loss: 0.5 },
      },
    ],
    layers: [],
    layerStats: [
      {
        step: 2,
        epoch: 1,
        time: START + 3000,
        layers: [
          {
            name: 'dense_1',
            weights: {
              mean: 0.1,
              std: 0.5,
              min: -1,
              max: 1,
              zeroFraction: 0,
              histogram: histogram(-1, 1, [1, 2, 3, 4]),
            },
            activation: {
              stats: { mean: 2, std: 0, min: 2, max: 2, zeroFraction: 0, histogram: histogram(2, 2, [6]) },
              deadUnitFraction: 0,
              saturatedFraction: 0,
            },
            gradientNorm: 0.25,
            updateRatio: null,
          },
        ],
      },
    ],
    probes: [],
    controls: [],
    skippedLines: 0,
    skippedAt: [],
  };
  return run as RunContents;
}
