/**
 * One descriptor per layer statistic: the hover card (host) and the inspector (webview) name and
 * format every statistic alike, and judge it by the same healthy range.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hoverCard } from '../../extension/host/inspection/hoverCard';
import { layerFlags } from '../../extension/host/inspection/layerFlags';
import { layerSeries } from '../../extension/host/inspection/statsHistory';
import type { LayerStats, LayerStatsRecord } from '../../extension/protocol/inspection';
import {
  formatLayerStatistic,
  isUnhealthy,
  LAYER_STATISTICS,
  layerStatistic,
} from '../../extension/protocol/layerStatistics';
import type { LayerSummary } from '../../extension/protocol/model';
import { latestStatsText } from '../../webview/inspector/layerStatsText';

const histogram = { min: 0, max: 1, counts: [1] };
const sample: LayerStats = {
  name: 'dense',
  activation: {
    stats: { mean: 0.123456, std: 2.5, min: 0, max: 1, zeroFraction: 0.7, histogram },
    deadUnitFraction: 0.75,
    saturatedFraction: 0.004,
  },
  gradientNorm: 3e-9,
  updateRatio: 0.0012,
};
const records: LayerStatsRecord[] = [{ step: 40, layers: [sample] } as LayerStatsRecord];
const layer: LayerSummary = {
  name: 'dense',
  className: 'Dense',
  outputShape: [[null, 8]],
  params: 72,
  trainableParams: 72,
  activation: 'relu',
} as LayerSummary;

describe('layer statistic descriptors', () => {
  it('the hover card and the inspector show every statistic with the same label and value', () => {
    const card = hoverCard({ modelFile: '/ws/model.ts', layers: [layer], records });
    const line = latestStatsText(records, 'dense');
    for (const statistic of LAYER_STATISTICS) {
      const shown = formatLayerStatistic(statistic, statistic.value(sample));
      assert.ok(card.includes(`| ${statistic.label} | ${shown} |`), `hover: ${statistic.label} ${shown}`);
      assert.ok(line.includes(`${statistic.label} ${shown}`), `inspector: ${statistic.label} ${shown} in ${line}`);
    }
  });

  it('formats fractions as percentages and the rest with three significant digits', () => {
    assert.equal(formatLayerStatistic(layerStatistic('deadFraction'), 0.75), '75%');
    assert.equal(formatLayerStatistic(layerStatistic('saturatedFraction'), 0.004), '0.4%');
    assert.equal(formatLayerStatistic(layerStatistic('activationMean'), 0.123456), '0.123');
    assert.equal(formatLayerStatistic(layerStatistic('gradientNorm'), 3e-9), '3.0e-9');
    assert.equal(formatLayerStatistic(layerStatistic('gradientNorm'), null), '–');
  });

  it('one healthy range per statistic: the inspector marks what the hover card flags', () => {
    assert.ok(isUnhealthy(layerStatistic('gradientNorm'), 3e-9));
    assert.ok(isUnhealthy(layerStatistic('deadFraction'), 0.75));
    assert.ok(!isUnhealthy(layerStatistic('updateRatio'), 0.0012));
    assert.ok(!isUnhealthy(layerStatistic('activationMean'), 1e9), 'no range, never flagged');
    const line = latestStatsText(records, 'dense');
    assert.match(line, /gradient norm 3\.0e-9 ⚠/);
    assert.match(line, /dead units 75% ⚠/);
    const flagged = layerFlags(sample).map((flag) => flag.message);
    assert.ok(flagged.some((message) => message.startsWith('Vanishing gradient')));
    assert.ok(flagged.some((message) => message.startsWith('75% of the units are dead')));
  });

  it('a layer series has one series per statistic', () => {
    const series = layerSeries(records, 'dense');
    for (const statistic of LAYER_STATISTICS)
      assert.deepEqual(series?.[statistic.key], [statistic.value(sample) ?? null], statistic.key);
  });
});
