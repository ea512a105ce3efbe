import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hoverCard, formatStat } from '../../extension/host/inspection/hoverCard';
import { formatShape, layerHint, totalHint, withoutArrow } from '../../extension/host/inspection/hintFormat';
import { layerFlags } from '../../extension/host/inspection/layerFlags';
import { createModelLine, layersByLine } from '../../extension/host/inspection/layerLines';
import { preflightSummary } from '../../extension/host/inspection/reportSummary';
import { sparkline } from '../../extension/host/inspection/sparkline';
import { appendBounded, layerSeries, MAX_SAMPLES } from '../../extension/host/inspection/statsHistory';
import type { LayerStats, LayerStatsRecord, PreflightReport } from '../../extension/protocol/inspection';
import type { LayerSummary, ModelSummary } from '../../extension/protocol/model';

const FILE = '/ws/model.ts';

function layer(name: string, line: number, shape: (number | null)[], params: number): LayerSummary {
  return {
    name,
    className: 'Conv2D',
    outputShape: [shape],
    params,
    trainableParams: params,
    activation: 'relu',
    source: { file: FILE, line, column: 5 },
  };
}

const histogram = { min: 0, max: 1, counts: [1, 2] };
const tensor = { mean: 0.5, std: 0.1, min: 0, max: 1, zeroFraction: 0, histogram };

function stats(name: string, overrides: Partial<LayerStats> = {}): LayerStats {
  return {
    name,
    activation: { stats: tensor, deadUnitFraction: 0, saturatedFraction: 0 },
    weights: tensor,
    gradientNorm: 0.3,
    updateRatio: 1e-3,
    ...overrides,
  };
}

function record(step: number, layers: LayerStats[]): LayerStatsRecord {
  return { step, epoch: 1, time: step, layers };
}

describe('inlay hint text', () => {
  it('formats one layer as shape and parameter count', () => {
    assert.equal(formatShape([[null, 13, 13, 16]]), '[null,13,13,16]');
    assert.equal(layerHint([layer('c', 3, [null, 13, 13, 16], 160)]), '→ [null,13,13,16] · 160 params');
    assert.equal(layerHint([layer('c', 3, [null, 4], 1)]), '→ [null,4] · 1 param');
  });

  it('summarises the layers a loop or helper built on one line by their first and last shapes', () => {
    const hint = layerHint([layer('a', 3, [null, 26, 26, 8], 80), layer('b', 3, [null, 11, 11, 16], 1168)]);
    assert.equal(hint, '→ ×2 · [null,26,26,8] … [null,11,11,16] · 80–1,168 params');
    const blocks = [16, 16, 32, 32, 64, 64].map((filters, i) =>
      layer(`conv${i}`, 39, [null, 32 >> Math.floor(i / 2), 32 >> Math.floor(i / 2), filters], filters * filters * 9),
    );
    assert.equal(layerHint(blocks), '→ ×6 · [null,32,32,16] … [null,8,8,64] · 2,304–36,864 params');
  });

  it('says "each" when every layer on the line is alike', () => {
    const same = [1, 2, 3].map((i) => layer(`l${i}`, 3, [null, 8], 72));
    assert.equal(layerHint(same), '→ ×3 · [null,8] · 72 params each');
  });

  it('drops the arrow where the hint is not after the code (a CodeLens line above, the start of the line)', () => {
    assert.equal(withoutArrow(layerHint([layer('c', 3, [null, 4], 1)])), '[null,4] · 1 param');
    assert.equal(withoutArrow('[null,4] · 1 param'), '[null,4] · 1 param');
  });

  it('totals the model, with the trainable count only when some weights are frozen', () => {
    const summary: ModelSummary = {
      name: 'm',
      layers: [layer('a', 1, [null, 2], 10)],
      totalParams: 27562,
      trainableParams: 27562,
    };
    assert.equal(totalHint(summary), '→ 27,562 params · 1 layer');
    assert.equal(totalHint({ ...summary, trainableParams: 100 }), '→ 27,562 params (100 trainable) · 1 layer');
  });

  it('groups layers by their line in the file and ignores other files', () => {
    const other = { ...layer('x', 3, [null, 1], 1), source: { file: '/ws/helper.ts', line: 3, column: 1 } };
    const summary: ModelSummary = {
      name: 'm',
      layers: [layer('a', 3, [null, 2], 1), layer('b', 3, [null, 2], 1), layer('c', 7, [null, 2], 1), other],
      totalParams: 3,
      trainableParams: 3,
    };
    const byLine = layersByLine(summary, FILE);
    assert.deepEqual([...byLine.keys()], [3, 7]);
    assert.deepEqual(
      byLine.get(3)?.map((entry) => entry.name),
      ['a', 'b'],
    );
  });

  it('finds the createModel line in function, const and CommonJS forms', () => {
    assert.equal(createModelLine('import x;\n\nexport function createModel() {'), 2);
    assert.equal(createModelLine('export const createModel = () => m;'), 0);
    assert.equal(createModelLine('exports.createModel = function () {};'), 0);
    assert.equal(createModelLine('const model = createModel();'), -1);
  });
});

describe('sparkline', () => {
  it('maps the range onto eight bars', () => {
    assert.equal(sparkline([0, 1, 2, 3, 4, 5, 6, 7]), '▁▂▃▄▅▆▇█');
  });

  it('shows gaps for missing values and flat series at mid height', () => {
    assert.equal(sparkline([1, null, 1]), '▅ ▅');
    assert.equal(sparkline([]), '');
  });

  it('scales by log10 and averages long series into the width', () => {
    assert.equal(sparkline([1e-6, 1e-4, 1e-2], { log: true }), '▁▅█');
    assert.equal(
      sparkline(
        Array.from({ length: 100 }, (_, i) => i),
        { width: 10 },
      ).length,
      10,
    );
  });
});

describe('layer flags', () => {
  it('says nothing about a healthy layer', () => {
    assert.deepEqual(layerFlags(stats('a')), []);
  });

  it('flags vanishing and exploding gradients', () => {
    assert.match(layerFlags(stats('a', { gradientNorm: 1e-9 }))[0]?.message ?? '', /Vanishing gradient/);
    assert.match(layerFlags(stats('a', { gradientNorm: 1e4 }))[0]?.message ?? '', /Exploding gradient/);
    assert.match(layerFlags(stats('a', { gradientNorm: Number.NaN }))[0]?.message ?? '', /not finite/);
  });

  it('flags dead ReLUs, saturation and update ratios far from 1e-3', () => {
    const dead = stats('a', { activation: { stats: tensor, deadUnitFraction: 0.75, saturatedFraction: 0.6 } });
    assert.deepEqual(
      layerFlags(dead).map((flag) => flag.message.slice(0, 20)),
      ['75% of the units are', '60% of the activatio'],
    );
    assert.match(layerFlags(stats('a', { updateRatio: 1e-7 }))[0]?.message ?? '', /too low/);
    assert.match(layerFlags(stats('a', { updateRatio: 0.5 }))[0]?.message ?? '', /too high/);
  });
});

describe('layer history', () => {
  it('keeps at most the last samples', () => {
    const records: number[] = [];
    for (let i = 0; i < MAX_SAMPLES + 50; i++) appendBounded(records, i);
    assert.equal(records.length, MAX_SAMPLES);
    assert.equal(records[0], 50);
  });

  it('gathers one layer across samples, skipping samples without it', () => {
    const series = layerSeries(
      [record(1, [stats('a', { gradientNorm: 1 })]), record(2, []), record(3, [stats('a', { gradientNorm: 2 })])],
      'a',
    );
    assert.deepEqual(series?.steps, [1, 3]);
    assert.deepEqual(series?.gradientNorm, [1, 2]);
    assert.equal(layerSeries([], 'a'), undefined);
  });
});

describe('hover card', () => {
  const conv = layer('conv', 3, [null, 26, 26, 8], 80);

  it('shows class, shape and params, and a hint to train when there are no samples', () => {
    const card = hoverCard({ modelFile: FILE, layers: [conv], records: [] });
    assert.match(card, /\*\*conv\*\* · `Conv2D` · relu/);
    assert.match(card, /Output `\[null,26,26,8\]` · 80 trainable \/ 80 params/);
    assert.match(card, /No statistics yet/);
    assert.match(card, /\[Open in Inspector\]\(command:tensorscope\.showInspector\?/);
    const args = decodeURIComponent(/showInspector\?([^ ]+) /.exec(card)?.[1] ?? '');
    assert.deepEqual(JSON.parse(args), [{ modelFile: FILE, layer: 'conv' }]);
  });

  it('tabulates the latest statistics with sparklines and flags', () => {
    const records = [
      record(1, [stats('conv', { gradientNorm: 0.1 })]),
      record(50, [stats('conv', { gradientNorm: 1e-9 })]),
    ];
    const card = hoverCard({ modelFile: FILE, layers: [conv], records, origin: 'live run' });
    assert.match(card, /_2 samples, steps 1–50 · live run_\n\n\| \| step 50 \| trend \|/);
    assert.match(card, /\| gradient norm \| 1\.0e-9 \| `█▁` \|/);
    assert.match(card, /\| dead units \| 0% \|/);
    assert.match(card, /\$\(error\) Vanishing gradient/);
  });

  it('gives a line that built several layers one compact row each, with what is off', () => {
    const built = (name: string, call: number, shape: (number | null)[], params: number): LayerSummary => ({
      ...layer(name, 39, shape, params),
      builtBy: { helper: 'residualBlock', call, site: { file: FILE, line: 62, column: 9 } },
    });
    const layers = [built('c1', 0, [null, 32, 32, 16], 2304), built('c2', 1, [null, 16, 16, 32], 4608)];
    const records = [record(50, [stats('c1'), stats('c2', { gradientNorm: 1e-9 })])];
    const card = hoverCard({ modelFile: FILE, layers, records, origin: 'live run' });
    assert.match(card, /^\*\*2 layers built on this line\*\* · `Conv2D` · by `residualBlock\(\)`, called 2 times/);
    assert.match(
      card,
      /\| \[c1\]\(command:tensorscope\.showInspector\?[^)]+\) \| `\[null,32,32,16\]` \| 2,304 \| ok \|/,
    );
    assert.match(card, /\| \[c2\]\(.*\) \| `\[null,16,16,32\]` \| 4,608 \| \$\(error\) vanishing gradient 1\.0e-9 \|/);
    assert.match(card, /6,912 params in all\. _Statistics from the live run/);
    assert.doesNotMatch(card, /\n---\n/, 'one table, not a card per layer');
    assert.match(hoverCard({ modelFile: FILE, layers, records: [] }), /\| – \|\n\n.*No statistics yet/);
  });

  it('formats statistics with three significant digits', () => {
    assert.equal(formatStat(0.123456), '0.123');
    assert.equal(formatStat(0.00012), '1.2e-4');
    assert.equal(formatStat(null), '–');
  });
});

describe('pre-flight summary', () => {
  const report = {
    loss: 'categoricalCrossentropy',
    initialLoss: 2.31,
    expectedInitialLoss: 2.302585,
    findings: [{ severity: 'ok', message: 'fine' }],
  } as PreflightReport;

  it('passes a healthy report', () => {
    assert.deepEqual(preflightSummary(report, 'model.ts'), {
      severity: 'ok',
      text: 'Pre-flight check of model.ts passed: initial categoricalCrossentropy 2.31 (expected ≈ 2.3).',
    });
  });

  it('leads with the first error', () => {
    const broken = {
      ...report,
      findings: [
        { severity: 'warning', message: 'w' },
        { severity: 'error', message: 'dense_2 gets zero gradient.' },
      ],
    } as PreflightReport;
    const summary = preflightSummary(broken, 'model.ts');
    assert.equal(summary.severity, 'error');
    assert.match(summary.text, /^Pre-flight check of model\.ts: 1 error, 1 warning\. dense_2 gets zero gradient\./);
  });
});
