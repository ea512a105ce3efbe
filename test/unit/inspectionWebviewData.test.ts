import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LayerStatsRecord, ProbeRecord } from '../../extension/protocol/inspection';
import type { InspectorState } from '../../extension/protocol/inspectorMessages';
import { gradientFlowData } from '../../webview/inspector/data/gradientFlow';
import { histogramHeatmap, rebin } from '../../webview/inspector/data/heatmap';
import { applyInspectorMessage, EMPTY_MODEL, MAX_SAMPLES } from '../../webview/inspector/data/inspectorModel';
import { learningRateChartData, suggestionMarker } from '../../webview/inspector/data/learningRateChart';
import { layerBoxes } from '../../webview/inspector/data/modelGraph';
import { greyToRgba, imageGroups } from '../../webview/inspector/data/probeGroups';

const histogram = (min: number, max: number, counts: number[]) => ({ min, max, counts });
const tensor = (min: number, max: number, counts: number[]) => ({
  mean: 0,
  std: 1,
  min,
  max,
  zeroFraction: 0,
  histogram: histogram(min, max, counts),
});

function sample(step: number, gradientNorm: number | null, weights = tensor(0, 1, [1, 0])): LayerStatsRecord {
  return {
    step,
    epoch: 1,
    time: step,
    layers: [
      { name: 'pool', gradientNorm: null },
      { name: 'dense', gradientNorm, weights },
    ],
  };
}

const state: InspectorState = {
  modelFile: '/ws/model.ts',
  summary: {
    name: 'm',
    totalParams: 650,
    trainableParams: 650,
    layers: [
      { name: 'input', className: 'InputLayer', outputShape: [[null, 64]], params: 0, trainableParams: 0 },
      {
        name: 'dense',
        className: 'Dense',
        outputShape: [[null, 10]],
        params: 650,
        trainableParams: 650,
        source: { file: '/ws/model.ts', line: 9, column: 3 },
      },
    ],
  },
  layerStats: [],
  probe: null,
  preflight: null,
  learningRateRange: null,
};

describe('inspector model', () => {
  it('selects the first layer with weights on a snapshot, and keeps a selection that still exists', () => {
    const model = applyInspectorMessage(EMPTY_MODEL, { v: 1, type: 'snapshot', state });
    assert.equal(model.selected, 'dense');
    const kept = applyInspectorMessage({ ...model, selected: 'input' }, { v: 1, type: 'snapshot', state });
    assert.equal(kept.selected, 'input');
  });

  it('appends samples of the shown file only, bounded', () => {
    let model = applyInspectorMessage(EMPTY_MODEL, { v: 1, type: 'snapshot', state });
    for (let step = 0; step < MAX_SAMPLES + 10; step++)
      model = applyInspectorMessage(model, {
        v: 1,
        type: 'layerStats',
        modelFile: state.modelFile,
        record: sample(step, 1),
      });
    assert.equal(model.data?.layerStats.length, MAX_SAMPLES);
    const other = applyInspectorMessage(model, { v: 1, type: 'layerStats', modelFile: '/x.ts', record: sample(1, 1) });
    assert.equal(other, model);
  });
});

describe('gradient flow data', () => {
  it('has one series per layer with weights; non-positive norms are gaps on the log axis', () => {
    const data = gradientFlowData([sample(1, 0.5), sample(50, 0), sample(100, 2)]);
    assert.deepEqual(data.specs, [{ label: 'dense', kind: 'smoothed', group: 0 }]);
    assert.deepEqual(data.x, [1, 50, 100]);
    assert.deepEqual(data.ys, [[0.5, null, 2]]);
  });
});

describe('histogram heatmap', () => {
  it('re-bins each histogram onto a shared range', () => {
    assert.deepEqual(rebin(histogram(0, 1, [3, 5]), -1, 1, 4), [0, 0, 3, 5]);
    assert.deepEqual(rebin(histogram(2, 2, [7]), 2, 2, 3), [0, 7, 0]);
  });

  it('spans every sample of the layer, each column scaled to its peak', () => {
    const heatmap = histogramHeatmap(
      [sample(1, 1, tensor(0, 1, [1, 0])), sample(2, 1, tensor(-1, 1, [0, 4]))],
      'dense',
      'weights',
      4,
    );
    assert.equal(heatmap?.min, -1);
    assert.equal(heatmap?.max, 1);
    assert.deepEqual(heatmap?.steps, [1, 2]);
    assert.deepEqual(
      heatmap?.columns.map((column) => column.indexOf(1)),
      [2, 3],
    );
    assert.equal(histogramHeatmap([sample(1, 1)], 'dense', 'activation'), undefined);
  });
});

describe('model graph and probe images', () => {
  it('labels roles, shapes, params and source lines', () => {
    assert.deepEqual(layerBoxes(state.summary ?? { name: '', layers: [], totalParams: 0, trainableParams: 0 }), [
      { name: 'input', className: 'InputLayer', role: 'input', shape: '[null,64]', params: '0 params', line: null },
      { name: 'dense', className: 'Dense', role: 'output', shape: '[null,10]', params: '650 params', line: 9 },
    ]);
  });

  it('splits a probe image block into one image per channel', () => {
    const probe: ProbeRecord = {
      step: 1,
      epoch: 1,
      time: 0,
      example: 'validation[0]',
      images: [{ layer: 'conv', kind: 'featureMaps', width: 2, height: 1, count: 2, pixels: [0, 255, 10, 20] }],
    };
    const [group] = imageGroups(probe);
    assert.equal(group?.title, 'conv: 2 feature maps, 2×1');
    assert.deepEqual(
      group?.images.map((image) => [...image]),
      [
        [0, 255],
        [10, 20],
      ],
    );
    assert.deepEqual([...greyToRgba(new Uint8ClampedArray([7]))], [7, 7, 7, 255]);
  });
});

describe('learning-rate chart', () => {
  const result = {
    points: [
      { learningRate: 1e-4, loss: 2.3, smoothedLoss: 2.3 },
      { learningRate: 1e-3, loss: 2.0, smoothedLoss: 2.1 },
      { learningRate: 1e-2, loss: 50, smoothedLoss: 20 },
    ],
    suggested: 0.0009,
    reason: 'steepest',
  };

  it('leaves the diverged tail off and marks the suggestion as a learning rate', () => {
    const data = learningRateChartData(result);
    assert.deepEqual(data.x, [1e-4, 1e-3, 1e-2]);
    assert.deepEqual(data.ys, [
      [2.3, 2.0, null],
      [2.3, 2.1, null],
    ]);
    assert.deepEqual(suggestionMarker(result), [{ x: 0.0009, label: 'suggested learning rate 0.0009' }]);
    assert.deepEqual(suggestionMarker({ ...result, suggested: null }), []);
  });
});
