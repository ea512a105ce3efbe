/** The residual CNN example through the real trainer's dry build: every layer on its line, the real graph. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { layerHint } from '../../extension/host/inspection/hintFormat';
import { hoverCard } from '../../extension/host/inspection/hoverCard';
import { layersByLine } from '../../extension/host/inspection/layerLines';
import { startQuickLook } from '../../extension/host/inspection/quickLookRunner';
import type { ModelSummary } from '../../extension/protocol/model';
import { graphLayout, helperGroups } from '../../webview/inspector/data/graphLayout';
import { assertBuilt, REPO_ROOT, TRAINER } from './harness';

const MODEL = path.join(REPO_ROOT, 'examples', 'residual-cnn', 'model.ts');
const lineOf = (text: string): number =>
  fs
    .readFileSync(MODEL, 'utf8')
    .split('\n')
    .findIndex((line) => line.includes(text)) + 1;

async function dryBuild(): Promise<ModelSummary> {
  const outcome = await startQuickLook({
    command: 'inspect',
    modelFile: MODEL,
    trainerScript: TRAINER,
    cwd: path.dirname(MODEL),
    options: { backend: 'auto' },
    hungTimeoutMs: 120_000,
  }).outcome;
  assert.ok(outcome.ok && outcome.message.type === 'inspection', JSON.stringify(outcome));
  return outcome.message.summary;
}

describe('a residual CNN built by a helper called six times', () => {
  let summary: ModelSummary;
  before(async () => {
    assertBuilt();
    summary = await dryBuild();
  });

  it('ties all six layers of the helper’s first convolution to its line, each with its call', () => {
    const convLine = lineOf('let x = tf.layers.conv2d({ ...CONV_3X3, filters, strides })');
    const layers = layersByLine(summary, MODEL).get(convLine) ?? [];
    assert.equal(layers.length, 6);
    assert.deepEqual(
      layers.map((layer) => layer.builtBy?.call),
      [0, 1, 2, 3, 4, 5],
    );
    assert.ok(layers.every((layer) => layer.builtBy?.helper === 'residualBlock'));
    assert.ok(layers.every((layer) => layer.builtBy?.site.line === lineOf('x = residualBlock(x, filters, strides)')));
    assert.equal(layerHint(layers), '→ ×6 · [null,32,32,16] … [null,8,8,64] · 2,304–36,864 params');
    const card = hoverCard({ modelFile: MODEL, layers, records: [] });
    assert.equal(card.match(/^\| \[conv2d/gm)?.length, 6, card);
  });

  it('records both inputs of every Add: the block’s convolutions and its skip connection', () => {
    const adds = summary.layers.filter((layer) => layer.className === 'Add');
    assert.equal(adds.length, 6);
    for (const add of adds) assert.equal(add.inbound?.length, 2, `${add.name}: ${JSON.stringify(add.inbound)}`);
    const layout = graphLayout(summary);
    for (const add of adds) {
      const into = layout.edges.filter((edge) => edge.to === add.name);
      assert.equal(into.length, 2);
      assert.ok(
        into.some((edge) => edge.skip),
        `${add.name}: the skip connection spans ranks`,
      );
    }
  });

  it('groups the layers by the helper call that built them', () => {
    const groups = helperGroups(summary);
    assert.deepEqual(
      groups.map((group) => group.label),
      [1, 2, 3, 4, 5, 6].map((n) => `residualBlock #${n}`),
    );
    assert.deepEqual(
      groups.map((group) => group.layers.length),
      [7, 7, 9, 7, 9, 7],
      'projection blocks add a 1×1 convolution and its batch norm',
    );
  });
});
