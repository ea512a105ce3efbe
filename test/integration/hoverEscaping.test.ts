/**
 * Names that come from a run are text in the hover, never Markdown: a real model trained with
 * crafted layer class names and activations (an image link, a spoofed command link, backticks, a
 * theme icon, HTML) and a crafted run name (the origin line) yields a
 * hover card whose only link is Tensorscope's own inspector link, rendered by a CommonMark parser.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { hoverCard, SHOW_INSPECTOR_COMMAND } from '../../extension/host/inspection/hoverCard';
import { assertBuilt, bareFolder, onlyRun, runCli } from './harness';

before(assertBuilt);

interface MarkdownRenderer {
  render(markdown: string): string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- markdown-it (a dependency of @vscode/vsce) ships no types
const MarkdownIt = require('markdown-it') as new (options: object) => MarkdownRenderer;
/** VS Code's hovers: no raw HTML, no bare-URL linking. */
const markdown = new MarkdownIt({ html: false, linkify: false });

const CRAFTED = [
  '![pixel](https://attacker.example/p.png)',
  '[Open in Inspector](command:workbench.action.quit "Inspect")',
  'evil`](command:workbench.action.files.delete)',
  '$(check) <img src=x>',
];

/**
 * TensorFlow.js lets a layer's name hold only tensor-name characters, but a custom layer's class
 * name and the activation in its config are free text: that is where a crafted string gets in.
 */
const MODEL = `import * as tf from '@tensorflow/tfjs';
export const config = { epochs: 1, batchSize: 8 };
const crafted = ${JSON.stringify(CRAFTED)};
function spoof(text, i) {
  const Spoof = class extends tf.layers.Layer {
    call(inputs) { return Array.isArray(inputs) ? inputs[0] : inputs; }
    computeOutputShape(shape) { return shape; }
    getConfig() { return { ...super.getConfig(), activation: text }; }
  };
  Spoof.className = text;
  return new Spoof({ name: 'spoof' + i });
}
export function createModel() {
  return tf.sequential({
    layers: [tf.layers.dense({ units: 4, inputShape: [2] }), ...crafted.map(spoof), tf.layers.dense({ units: 1 })],
  });
}
export function loadData() {
  const xs = tf.randomUniform([32, 2]);
  return { train: { xs, ys: xs.sum(1, true) } };
}
`;

describe('hover cards escape names that come from a run', () => {
  it('a crafted layer name shows as text: no image, no command link but the inspector’s own', () => {
    const dir = bareFolder({ 'model.js': MODEL });
    const result = runCli(['train', 'model.js', '--sample-every', '1'], dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const run = onlyRun(dir);
    const spoofs = run.layers.slice(1, -1);
    assert.deepEqual(
      spoofs.map((layer) => [layer.className, layer.activation]),
      CRAFTED.map((text) => [text, text]),
      'the crafted text reached the run as written',
    );
    const card = hoverCard({
      modelFile: run.info.modelFile,
      layers: run.layers,
      records: run.layerStats,
      origin: `run [x](command:workbench.action.quit) ${run.info.runId}`,
    });
    const html = markdown.render(card);
    assert.doesNotMatch(html, /<img/, 'no image');
    const links = [...html.matchAll(/<a href="([^"]*)"/g)].map((match) => match[1] ?? '');
    assert.equal(links.length, run.layers.length, 'one link per layer: its inspector link');
    for (const link of links) assert.ok(link.startsWith(`command:${SHOW_INSPECTOR_COMMAND}?`), link);
    for (const name of CRAFTED) {
      const shown = name.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
      assert.ok(html.includes(shown), `"${name}" is shown as written`);
    }
  });
});
