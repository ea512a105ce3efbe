/**
 * The CNN example (layers built through a helper in a loop) trained for one epoch by the CLI:
 * every layer lands on the line of its `tf.layers.*` call, and the inlay hint and hover card
 * read right from the recorded run.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { layerHint, totalHint } from '../../extension/host/inspection/hintFormat';
import { hoverCard } from '../../extension/host/inspection/hoverCard';
import { createModelLine, layersByLine } from '../../extension/host/inspection/layerLines';
import type { ModelSummary } from '../../extension/protocol/model';
import type { RunContents } from '../../extension/runs/runReader';
import { assertBuilt, onlyRun, REPO_ROOT, runCli } from './harness';

const MODEL_FILE = path.join(REPO_ROOT, 'examples', 'mnist-cnn', 'model.ts');

/** 1-based lines of each `tf.layers.<factory>(` call, by factory name in lower case. */
function layerCallLines(text: string): Map<string, number[]> {
  const calls = new Map<string, number[]>();
  text.split('\n').forEach((line, index) => {
    for (const match of line.matchAll(/tf\.layers\.(\w+)\s*\(/g)) {
      const name = (match[1] as string).toLowerCase();
      calls.set(name, [...(calls.get(name) ?? []), index + 1]);
    }
  });
  return calls;
}

describe('the MNIST CNN example, trained for one epoch', () => {
  let run: RunContents;
  let text: string;

  before(() => {
    assertBuilt();
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorscope-it-mnist-'));
    const result = runCli(['train', MODEL_FILE, '--epochs', '1', '--runs-in', workspace], REPO_ROOT);
    assert.equal(result.code, 0, result.stderr);
    run = onlyRun(workspace);
    text = fs.readFileSync(MODEL_FILE, 'utf8');
  });

  it('puts every layer on the line of its tf.layers call', () => {
    const calls = layerCallLines(text);
    assert.ok(run.layers.length >= 7, `only ${run.layers.length} layers recorded`);
    for (const layer of run.layers) {
      assert.equal(layer.source?.file, MODEL_FILE, `${layer.name} has no source in the model file`);
      const expected = calls.get(layer.className.toLowerCase()) ?? [];
      assert.ok(
        expected.includes(layer.source?.line ?? -1),
        `${layer.name} (${layer.className}) on line ${layer.source?.line}, expected one of ${expected.join(', ')}`,
      );
    }
    const used = new Set(run.layers.map((layer) => layer.source?.line));
    for (const [factory, lines] of calls)
      for (const line of lines) assert.ok(used.has(line), `no layer from ${factory} on line ${line}`);
  });

  it('shows the loop’s two convolutions joined on the helper’s line, and the total on createModel', () => {
    const summary: ModelSummary = run.info.summary ?? assert.fail('run.json has no summary');
    const byLine = layersByLine(summary, MODEL_FILE);
    const convLine = layerCallLines(text).get('conv2d')?.[0] ?? -1;
    assert.equal(layerHint(byLine.get(convLine) ?? []), '→ ×2 · [null,26,26,8] … [null,11,11,16] · 80–1,168 params');
    assert.match(totalHint(summary), /^→ [\d,]+ params · \d+ layers$/);
    assert.ok(createModelLine(text) >= 0);
  });

  it('builds the hover card from the recorded samples', () => {
    assert.ok(run.layerStats.length >= 2, `only ${run.layerStats.length} layer_stats records`);
    const summary: ModelSummary = run.info.summary ?? assert.fail('run.json has no summary');
    const dense = summary.layers.find((layer) => layer.className === 'Dense') ?? assert.fail('no Dense layer');
    const card = hoverCard({ modelFile: MODEL_FILE, layers: [dense], records: run.layerStats, origin: 'recorded' });
    const samples = run.layerStats.length;
    const last = run.layerStats[samples - 1]?.step;
    assert.match(
      card,
      new RegExp(`_${samples} samples, steps 1–${last} · recorded_\\n\\n\\| \\| step ${last} \\| trend \\|`),
    );
    for (const row of [
      'activation mean',
      'activation std',
      'dead units',
      'saturated units',
      'gradient norm',
      'update / weight',
    ])
      assert.match(card, new RegExp(`\\| ${row} \\| [-\\d.e%]+ \\| \`[▁▂▃▄▅▆▇█]{${samples}}\` \\|`), row);
    assert.match(card, /Open in Inspector/);
    assert.doesNotMatch(card, /Vanishing|Exploding/);
  });

  it('records feature maps of the probe example and the first convolution’s filters', () => {
    const probe = run.probes[run.probes.length - 1] ?? assert.fail('no probe record');
    const kinds = probe.images.map((image) => `${image.kind} ${image.width}×${image.height}×${image.count}`);
    assert.ok(kinds.includes('featureMaps 26×26×8'), kinds.join(', '));
    assert.ok(kinds.includes('filters 3×3×8'), kinds.join(', '));
  });
});
