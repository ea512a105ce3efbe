import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BackendInfo } from '../../extension/protocol/model';
import { formatY, lastValue, logRange, yTickLabels } from '../../webview/chart/axisValues';
import { legendMarker, seriesStyle, withAlpha } from '../../webview/chart/colors';
import {
  backendWarning,
  formatBackend,
  formatEpoch,
  formatEta,
  formatLocation,
  formatRate,
} from '../../webview/header/format';
import { DEFAULT_UI_SETTINGS, parseUiSettings } from '../../webview/state/uiSettings';

const backend = (native: 'yes' | 'no'): BackendInfo => ({
  name: native === 'yes' ? 'tensorflow' : 'cpu',
  native,
  packageName: '@tensorflow/tfjs',
  packagePath: '/x',
  version: '4.22.0',
  reason: 'tfjs-node did not load.',
});

describe('header text', () => {
  it('formats the ETA in the two largest units', () => {
    assert.equal(formatEta(12.4), 'ETA 12s');
    assert.equal(formatEta(187), 'ETA 3m 07s');
    assert.equal(formatEta(3900), 'ETA 1h 05m');
    assert.equal(formatEta(null), 'ETA –');
    assert.equal(formatEta(Number.POSITIVE_INFINITY), 'ETA –');
  });

  it('formats throughput with grouping, and a decimal when slow', () => {
    assert.equal(formatRate(3241.7), '3,242 samples/s');
    assert.equal(formatRate(6.84), '6.8 samples/s');
    assert.equal(formatRate(null), '– samples/s');
  });

  it('says whether the backend is native, and warns only when it is not', () => {
    assert.equal(formatBackend(backend('yes')), 'tensorflow (native)');
    assert.equal(formatBackend(backend('no')), 'cpu (not native)');
    assert.equal(backendWarning(backend('yes')), null);
    assert.match(backendWarning(backend('no')) ?? '', /cpu backend.*tfjs-node did not load/);
  });

  it('shows the epoch and a location by its file name, for either path separator', () => {
    assert.equal(formatEpoch({ epoch: 3, totalEpochs: 10 }), 'Epoch 3/10');
    assert.equal(formatLocation({ file: '/ws/models/mlp.ts', line: 12, column: 5 }), 'mlp.ts:12:5');
    assert.equal(formatLocation({ file: 'C:\\ws\\cnn.js', line: 3, column: 1 }), 'cnn.js:3:1');
  });
});

describe('chart values', () => {
  it('shows four significant digits', () => {
    assert.equal(formatY(0.0123456), '0.01235');
    assert.equal(formatY(2.30258), '2.303');
    assert.equal(formatY(null), '–');
  });

  it('labels y ticks near zero apart (a loss chart ending at 0.0001 read "0.002, 0.002, 0.001, 0.001")', () => {
    assert.deepEqual(yTickLabels([0, 0.0005, 0.001, 0.0015000000000000002, 0.002, 0.0025]), [
      '0',
      '0.0005',
      '0.001',
      '0.0015',
      '0.002',
      '0.0025',
    ]);
    assert.deepEqual(yTickLabels([0.25, 0.5, 1.25, 2.5]), ['0.25', '0.5', '1.25', '2.5']);
  });

  it('finds the newest value past trailing gaps', () => {
    assert.equal(lastValue([1, 2, null, null]), 2);
    assert.equal(lastValue([null]), null);
  });

  it('fits a log range around the data', () => {
    const [min, max] = logRange(0.05, 2.5);
    assert.ok(min < 0.05 && min > 0.01 && max > 2.5 && max < 5);
    assert.deepEqual(logRange(null, null), [0.1, 1]);
  });

  it('fades raw series and leaves other colour syntaxes alone', () => {
    assert.equal(withAlpha('rgb(55, 148, 255)', 0.3), 'rgba(55, 148, 255, 0.3)');
    assert.equal(withAlpha('rgba(204, 204, 204, 0.5)', 0.5), 'rgba(204, 204, 204, 0.25)');
    assert.equal(withAlpha('CanvasText', 0.5), 'CanvasText');
    const palette = { train: ['rgb(0, 0, 255)', 'rgb(0, 255, 0)'], val: ['rgb(255, 128, 0)'] };
    assert.equal(seriesStyle('raw', 1, palette).stroke, 'rgba(0, 255, 0, 0.3)');
    assert.equal(seriesStyle('val', 0, palette).stroke, 'rgb(255, 128, 0)');
    assert.equal(seriesStyle('smoothed', 2, palette).stroke, 'rgb(0, 0, 255)', 'colours cycle');
  });

  it('outlines every legend swatch in its full colour, the raw one thin around a faint fill', () => {
    const palette = { train: ['rgb(0, 0, 255)'], val: ['rgb(255, 128, 0)'] };
    const raw = legendMarker('raw', 0, palette);
    assert.deepEqual(raw, { stroke: 'rgb(0, 0, 255)', fill: 'rgba(0, 0, 255, 0.3)', width: 1, dash: 'solid' });
    assert.equal(raw.fill, seriesStyle('raw', 0, palette).stroke, 'the fill is the colour of the raw line');
    assert.notEqual(seriesStyle('raw', 0, palette).stroke, raw.stroke, 'the raw line itself stays faint');
    assert.equal(legendMarker('smoothed', 0, palette).stroke, 'rgb(0, 0, 255)');
    assert.equal(legendMarker('epoch', 0, palette).dash, 'dashed', 'like its dashed line');
    assert.equal(legendMarker('val', 0, palette).stroke, 'rgb(255, 128, 0)');
  });
});

describe('parseUiSettings', () => {
  it('restores saved choices and falls back to defaults for anything else', () => {
    const saved = { settings: { smoothing: 0.9, yScale: 'log', xAxis: 'epoch' } };
    assert.deepEqual(parseUiSettings(saved), saved.settings);
    assert.deepEqual(parseUiSettings(undefined), DEFAULT_UI_SETTINGS);
    assert.deepEqual(
      parseUiSettings({ settings: { smoothing: 0.9, yScale: 'cubic', xAxis: 'epoch' } }),
      DEFAULT_UI_SETTINGS,
    );
    assert.equal(parseUiSettings({ settings: { smoothing: 7, yScale: 'log', xAxis: 'step' } }).smoothing, 0.99);
  });
});
