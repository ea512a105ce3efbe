import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LayerSummary, ModelSummary } from '../../extension/protocol/model';
import { HelperCalls } from '../../extension/trainer/inspection/helperCalls';
import { userFrames } from '../../extension/trainer/inspection/userFrames';
import { graphLayout, helperGroups } from '../../webview/inspector/data/graphLayout';

const FILE = '/ws/model.ts';
const site = { file: FILE, line: 30, column: 9 };

function layer(name: string, inbound: string[], call?: number, line = 10): LayerSummary {
  return {
    name,
    className: name.replace(/\d+$/, ''),
    outputShape: [[null, 8]],
    params: 1,
    trainableParams: 1,
    source: { file: FILE, line, column: 3 },
    inbound,
    ...(call !== undefined && { builtBy: { helper: 'block', call, site } }),
  };
}

/** input → conv → two residual blocks (conv, bn, add of bn and the block input) → dense. */
function residual(): ModelSummary {
  const layers = [
    layer('input', []),
    layer('stem', ['input']),
    layer('conv1', ['stem'], 0, 11),
    layer('bn1', ['conv1'], 0, 12),
    layer('add1', ['bn1', 'stem'], 0, 13),
    layer('conv2', ['add1'], 1, 11),
    layer('bn2', ['conv2'], 1, 12),
    layer('add2', ['bn2', 'add1'], 1, 13),
    layer('dense', ['add2']),
  ];
  return { name: 'resnet', layers, totalParams: 9, trainableParams: 9 };
}

describe('model graph layout', () => {
  it('ranks layers by their inputs and draws every merge input, skips beside the boxes', () => {
    const layout = graphLayout(residual());
    const rank = Object.fromEntries(layout.nodes.map((node) => [node.id, node.rank]));
    assert.deepEqual(rank, { input: 0, stem: 1, conv1: 2, bn1: 3, add1: 4, conv2: 5, bn2: 6, add2: 7, dense: 8 });
    const edges = layout.edges.map((edge) => `${edge.from}→${edge.to}${edge.skip ? ' (skip)' : ''}`);
    assert.ok(edges.includes('stem→add1 (skip)'), edges.join(', '));
    assert.ok(edges.includes('add1→add2 (skip)'));
    assert.ok(edges.includes('bn1→add1'));
    assert.equal(layout.edges.length, 10);
  });

  it('puts parallel branches side by side', () => {
    const summary = residual();
    const withProjection = [...summary.layers.slice(0, 4), layer('proj', ['stem'], 0, 14), ...summary.layers.slice(4)];
    withProjection[5] = layer('add1', ['bn1', 'proj'], 0, 15);
    const layout = graphLayout({ ...summary, layers: withProjection });
    const conv1 = layout.nodes.find((node) => node.id === 'conv1');
    const proj = layout.nodes.find((node) => node.id === 'proj');
    assert.equal(proj?.rank, conv1?.rank);
    assert.ok((proj?.x ?? 0) > (conv1?.x ?? 0));
  });

  it('groups the layers of each helper call, and a collapsed group becomes one box with its edges', () => {
    const groups = helperGroups(residual());
    assert.deepEqual(
      groups.map((group) => [group.label, group.layers]),
      [
        ['block #1', ['conv1', 'bn1', 'add1']],
        ['block #2', ['conv2', 'bn2', 'add2']],
      ],
    );
    const collapsed = graphLayout(residual(), new Set([groups[0]?.id ?? '']));
    const ids = collapsed.nodes.map((node) => node.id);
    assert.ok(ids.includes(groups[0]?.id ?? '') && !ids.includes('conv1'));
    const edges = collapsed.edges.map((edge) => `${edge.from}→${edge.to}`);
    assert.ok(edges.includes(`stem→${groups[0]?.id}`));
    assert.ok(edges.includes(`${groups[0]?.id}→conv2`));
    assert.ok(edges.includes(`${groups[0]?.id}→add2`), 'the skip into the next block comes out of the group');
  });

  it('draws a model recorded without inbound layers as a chain', () => {
    const chain = residual().layers.map(({ inbound: _unused, ...rest }) => rest);
    const layout = graphLayout({ ...residual(), layers: chain });
    assert.equal(layout.edges.length, chain.length - 1);
    assert.ok(layout.edges.every((edge) => !edge.skip));
  });
});

describe('helper calls', () => {
  it('tells the calls of a helper apart even when a loop calls it from one line', () => {
    const calls = new HelperCalls();
    const seen = [11, 12, 13, 11, 12, 13, 11].map((line) => calls.callOf('block', site, line));
    assert.deepEqual(seen, [0, 0, 0, 1, 1, 1, 2]);
    assert.equal(calls.callOf('stem', { ...site, line: 40 }, 5), 0, 'another helper counts on its own');
    assert.equal(calls.callOf('block', site, 12), 3, 'and interrupts the previous call');
  });

  it('reads the user frames of a stack, with their function names', () => {
    const stack = [
      'Error',
      '    at recording (/ext/dist/trainer.js:100:20)',
      '    at residualBlock (/ws/model.ts:39:14)',
      '    at Object.createModel (/ws/model.ts:62:9)',
      '    at /ws/model.ts:70:3',
      '    at callUser (/ext/dist/trainer.js:200:5)',
      '    at helper (/ws/node_modules/lib/index.js:1:1)',
    ].join('\n');
    const frames = userFrames(stack, FILE, '/ws');
    assert.deepEqual(
      frames.map((frame) => [frame.functionName, frame.location.line]),
      [
        ['residualBlock', 39],
        ['createModel', 62],
        [undefined, 70],
      ],
    );
  });
});
