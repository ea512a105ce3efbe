/** A big run's overview for the panel agrees with reading it whole: every epoch and control, a uniform batch curve. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { readRunForView } from '../../extension/runs/runOverview';
import { readRun } from '../../extension/runs/runReader';
import { RunWriter } from '../../extension/runs/runWriter';

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorscope-overview-'));
after(() => fs.rmSync(workspace, { recursive: true, force: true }));

/** ~8 MB of metrics: 60,000 batches, an epoch every 1,000, two controls, the layers line. */
function writeRun(): string {
  const writer = RunWriter.create(workspace, path.join(workspace, 'model.ts'), 'train');
  const lines: string[] = [JSON.stringify({ type: 'layers', layers: [], totalParams: 0, trainableParams: 0 })];
  for (let step = 1; step <= 60_000; step++) {
    const epoch = Math.ceil(step / 1000);
    lines.push(
      JSON.stringify({
        type: 'batch',
        epoch,
        batch: (step - 1) % 1000,
        step,
        time: 1_000 + step,
        loss: 1 / step,
        acc: 0.5,
      }),
    );
    if (step % 1000 === 0)
      lines.push(
        JSON.stringify({
          type: 'epoch',
          epoch,
          step,
          time: 1_000 + step,
          duration_ms: 5,
          samples_per_sec: 9,
          loss: 1 / step,
        }),
      );
    if (step === 123 || step === 45_678)
      lines.push(JSON.stringify({ type: 'control', action: 'setLearningRate', step, epoch, time: 1, value: 0.01 }));
  }
  fs.writeFileSync(path.join(writer.runDir, 'metrics.jsonl'), `${lines.join('\n')}\n`);
  writer.end('completed');
  return writer.runDir;
}

describe('a run too big to read whole for a panel', () => {
  const runDir = writeRun();

  it('is shown from an overview with every epoch and control, a uniform batch sample and the newest batches', async () => {
    const whole = readRun(runDir, { batches: Infinity, epochs: Infinity, layerStats: 1, probes: 1, controls: 100 });
    const overview = await readRunForView(runDir, 1 << 20);
    assert.ok(whole && overview);
    assert.deepEqual(overview.epochs, whole.epochs);
    assert.deepEqual(overview.controls, whole.controls);
    const steps = overview.batches.map((batch) => batch.step);
    assert.ok(steps.length >= 2_000 && steps.length < 20_000, `${steps.length} points`);
    assert.ok(
      steps.every((step, i) => i === 0 || step > (steps[i - 1] as number)),
      'in order, no repeats',
    );
    assert.ok((steps[0] as number) <= 50, `starts near the start (${steps[0]})`);
    assert.equal(steps.at(-1), 60_000, 'ends with the newest batch');
    const middle = overview.batches.find((batch) => batch.step > 30_000);
    assert.equal(middle?.logs.loss, 1 / (middle?.step ?? 1), 'values are the recorded ones');
  });

  it('a small run is read whole', async () => {
    const overview = await readRunForView(runDir);
    assert.equal(overview?.epochs.length, 60);
    const count = overview?.batches.length ?? 0;
    assert.ok(count > 10_000 && count <= 20_001, `${count} batches kept, within the view's bound`);
    assert.equal(overview?.batches.at(-1)?.step, 60_000);
  });
});
