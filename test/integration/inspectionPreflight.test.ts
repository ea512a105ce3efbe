/** The pre-flight check and a dry build through the real trainer, as the editor starts them. */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { startQuickLook, type QuickLookCommand } from '../../extension/host/inspection/quickLookRunner';
import { preflightSummary } from '../../extension/host/inspection/reportSummary';
import { assertBuilt, bareFolder, TINY_MODEL, TRAINER } from './harness';

/** The last layer is a ReLU whose pre-activation is always negative (zero kernel, bias -1): its output and gradient are zero. */
const DEAD_LAST_LAYER = TINY_MODEL.replace(
  'tf.layers.dense({ units: 1 })',
  "tf.layers.dense({ units: 1, activation: 'relu', kernelInitializer: 'zeros', biasInitializer: tf.initializers.constant({ value: -1 }) })",
);

async function look(command: QuickLookCommand, source: string) {
  const dir = bareFolder({ 'model.ts': source });
  const modelFile = path.join(dir, 'model.ts');
  const outcome = await startQuickLook({
    command,
    modelFile,
    trainerScript: TRAINER,
    cwd: dir,
    options: { backend: 'auto' },
    hungTimeoutMs: 120_000,
  }).outcome;
  return { modelFile, outcome };
}

describe('pre-flight check through the trainer', () => {
  before(assertBuilt);

  it('passes a healthy model: every layer gets a gradient', async () => {
    const { outcome } = await look('preflight', TINY_MODEL);
    assert.ok(outcome.ok && outcome.message.type === 'preflight', JSON.stringify(outcome));
    const { report } = outcome.message;
    assert.deepEqual(
      report.findings.filter((finding) => finding.severity === 'error'),
      [],
    );
    for (const layer of report.layers) assert.ok((layer.gradientNorm ?? 0) > 0, `${layer.name} has no gradient`);
    assert.equal(preflightSummary(report, 'model.ts').severity, 'ok');
  });

  it('names the dead last layer of a broken ReLU net', async () => {
    assert.notEqual(DEAD_LAST_LAYER, TINY_MODEL);
    const { outcome } = await look('preflight', DEAD_LAST_LAYER);
    assert.ok(outcome.ok && outcome.message.type === 'preflight', JSON.stringify(outcome));
    const { report } = outcome.message;
    const last = report.layers[report.layers.length - 1];
    assert.equal(last?.gradientNorm, 0);
    const errors = report.findings.filter((finding) => finding.severity === 'error');
    assert.ok(
      errors.some((finding) => finding.layer === last?.name),
      `no error names ${last?.name}: ${JSON.stringify(report.findings)}`,
    );
    const summary = preflightSummary(report, 'model.ts');
    assert.equal(summary.severity, 'error');
    assert.match(summary.text, /^Pre-flight check of model\.ts: \d+ errors?/);
  });

  it('reports a build error of a dry build on the offending line', async () => {
    const broken = TINY_MODEL.replace("activation: 'relu', inputShape: [2]", "activation: 'nope', inputShape: [2]");
    const { modelFile, outcome } = await look('inspect', broken);
    assert.ok(!outcome.ok, 'the broken model built');
    assert.equal(outcome.error.location?.file, modelFile);
    const line = broken.split('\n').findIndex((text) => text.includes("'nope'")) + 1;
    assert.equal(outcome.error.location?.line, line);
  });
});
