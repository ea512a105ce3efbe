/**
 * A big run's overview for the panel agrees with reading it whole: the same batch sample, every
 * epoch and control, the newest layer statistics, probes, data and layers, and the same skipped
 * lines (garbage, a torn line continued by a later append, a malformed epoch) with their numbers.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { FULL_READ_BYTES, readRunForView } from '../../extension/runs/runOverview';
import { readRun } from '../../extension/runs/runReader';
import { RunWriter } from '../../extension/runs/runWriter';

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorscope-overview-'));
after(() => fs.rmSync(workspace, { recursive: true, force: true }));

const stats = (step: number) => ({
  mean: 1 / step,
  std: 1,
  min: -1,
  max: 1,
  zeroFraction: 0,
  histogram: { min: -1, max: 1, counts: [1, 2, 3] },
});

function batchLine(step: number): string {
  const epoch = Math.ceil(step / 1000);
  return JSON.stringify({ type: 'batch', epoch, batch: (step - 1) % 1000, step, time: 1_000 + step, loss: 1 / step });
}

/** The lines a reader must skip, by the step they follow; every other line is a record. */
const ODD_LINES = new Map<number, string[]>([
  [5, ['not json at all']],
  // A line torn by a crash, continued by the next append: it is not a record, nor is the batch it cut.
  [17_000, [`{"type":"batch","epoch":17,"ba${batchLine(17_000)}`]],
  [
    30_000,
    [
      '   ',
      '{"type":"epoch","epoch":"thirty"}',
      // Another writer's key order and line ending: still records.
      `{"step":30000,"type":"batch","epoch":30,"batch":999,"time":1,"loss":0.5}`,
      // Types of later versions, named like what every object has.
      '{"type":"toString","value":1}',
      '{"value":1,"type":"constructor"}',
      `${JSON.stringify({ type: 'control', action: 'setLearningRate', step: 30_000, epoch: 30, time: 1, value: 0.02 })}\r`,
    ],
  ],
  [59_999, ['[1,2]']],
]);

/** ~9 MB of metrics: 60,000 batches, an epoch every 1,000, layer samples, controls, probes, odd lines. */
function writeRun(steps: number, ballast = ''): string {
  const writer = RunWriter.create(workspace, path.join(workspace, 'model.ts'), 'train');
  const file = path.join(writer.runDir, 'metrics.jsonl');
  const out = fs.openSync(file, 'w');
  let lines: string[] = [
    JSON.stringify({ type: 'layers', layers: [], totalParams: 0, trainableParams: 0 }),
    JSON.stringify({
      type: 'data',
      splits: [],
      duplicates: null,
      samples: null,
      findings: [],
      sampleNote: 'none',
      durationMs: 1,
    }),
  ];
  for (let step = 1; step <= steps; step++) {
    const epoch = Math.ceil(step / 1000);
    lines.push(batchLine(step).replace('}', `${ballast}}`));
    if (step % 100 === 0) {
      const layers = [{ name: 'dense', weights: stats(step), gradientNorm: step }];
      lines.push(JSON.stringify({ type: 'layer_stats', step, epoch, time: step, layers }));
    }
    if (step % 1000 === 0) {
      lines.push(
        JSON.stringify({ type: 'epoch', epoch, step, time: step, duration_ms: 5, samples_per_sec: 9, loss: 1 / step }),
      );
    }
    if (step % 7000 === 0) {
      const image = { layer: 'dense', kind: 'featureMaps', width: 1, height: 1, count: 1, pixels: [step % 256] };
      lines.push(JSON.stringify({ type: 'probe', step, epoch, time: step, example: `x${step}`, images: [image] }));
    }
    if (step === 123 || step === 45_678)
      lines.push(JSON.stringify({ type: 'control', action: 'setLearningRate', step, epoch, time: 1, value: 0.01 }));
    if (step === 40_000) lines.push(JSON.stringify({ type: 'evaluation', split: 'test', logs: { loss: 1 } }));
    lines.push(...(ODD_LINES.get(step) ?? []));
    if (lines.length > 10_000) {
      fs.writeSync(out, `${lines.join('\n')}\n`);
      lines = [];
    }
  }
  fs.writeSync(out, `${lines.join('\n')}\n`);
  fs.closeSync(out);
  writer.end('completed');
  return writer.runDir;
}

describe('a run too big to read whole for a panel', () => {
  const runDir = writeRun(60_000);

  it('is shown from an overview that holds what reading it whole holds', async () => {
    const whole = readRun(runDir);
    const overview = await readRunForView(runDir, { fullReadBytes: 1 << 20 });
    assert.ok(whole && overview);
    assert.equal(whole.skippedLines, 4);
    assert.ok(whole.data && whole.layers);
    assert.deepEqual(overview, whole);
    const steps = overview.batches.map((batch) => batch.step);
    assert.ok(steps.length >= 10_000 && steps.length <= 20_001, `${steps.length} points`);
    assert.equal(steps.at(-1), 60_000, 'ends with the newest batch');
    assert.equal(overview.epochs.length, 60);
    assert.equal(overview.layerStats.at(-1)?.step, 60_000);
    assert.equal(overview.probes.length, 4);
    assert.deepEqual(
      overview.controls.map((control) => control.step),
      [123, 30_000, 45_678],
    );
  });

  it('a small run is read whole', async () => {
    const overview = await readRunForView(runDir);
    assert.equal(overview?.epochs.length, 60);
    assert.equal(overview?.batches.at(-1)?.step, 60_000);
  });

  it(`a run past ${FULL_READ_BYTES >> 20} MB says which lines it skipped`, async () => {
    // Ballast makes each batch line ~1.2 kB, so 60,000 steps pass the threshold.
    const bigDir = writeRun(60_000, `,"note":"${'x'.repeat(1_100)}"`);
    assert.ok(fs.statSync(path.join(bigDir, 'metrics.jsonl')).size > FULL_READ_BYTES);
    const overview = await readRunForView(bigDir);
    assert.equal(overview?.skippedLines, 4);
    assert.equal(overview?.epochs.length, 60);
    const firstOdd = 2 + 5 + 1; // layers, data, five batches, then the garbage line
    assert.equal(overview?.skippedAt[0], firstOdd);
    assert.equal(overview?.skippedAt.length, 4);
  });
});
