import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunHeader } from '../../extension/protocol/panelMessages';
import type { BatchRecord, EpochRecord } from '../../extension/protocol/records';
import { LiveChartData } from '../../webview/chart/liveChartData';
import { lossChartData, metricsChartData, type RunSeries } from '../../webview/chart/seriesData';
import { bound } from '../../webview/state/runState';
import { DEFAULT_UI_SETTINGS, type UiSettings } from '../../webview/state/uiSettings';

/** A deterministic pseudo-random generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A loss with the odd NaN, infinity, zero and negative value (gaps on log scale, unsmoothed). */
function value(next: () => number, step: number): number {
  const r = next();
  if (r < 0.03) return Number.NaN;
  if (r < 0.05) return Number.POSITIVE_INFINITY;
  if (r < 0.07) return 0;
  if (r < 0.09) return -0.5;
  return 2 * Math.exp(-step / 200) + next() * 0.1;
}

interface Source {
  batches: BatchRecord[];
  epochs: EpochRecord[];
}

/**
 * Batches 1..n (`perEpoch` per epoch) with `loss` and, from `accFrom` on, `acc` (a metric some
 * batches lack); epoch records with `val_` logs from epoch 2 on (a series that appears late).
 */
function source(seed: number, n: number, perEpoch: number): Source {
  const next = random(seed);
  const batches: BatchRecord[] = [];
  const epochs: EpochRecord[] = [];
  for (let step = 1; step <= n; step++) {
    const logs: Record<string, number> = { loss: value(next, step) };
    if (next() > 0.2) logs.acc = next();
    batches.push({
      epoch: Math.floor((step - 1) / perEpoch) + 1,
      batch: (step - 1) % perEpoch,
      step,
      time: step,
      logs,
    });
    if (step % perEpoch === 0) {
      const epoch = step / perEpoch;
      const epochLogs: Record<string, number> = { loss: value(next, step), acc: next() };
      if (epoch >= 2) Object.assign(epochLogs, { val_loss: value(next, step), val_acc: next() });
      epochs.push({ epoch, step, time: step, durationMs: 1, samplesPerSec: 1, logs: epochLogs });
    }
  }
  return { batches, epochs };
}

const settingsList: UiSettings[] = [
  DEFAULT_UI_SETTINGS,
  { smoothing: 0, yScale: 'linear', xAxis: 'step' },
  { smoothing: 0.9, yScale: 'log', xAxis: 'step' },
  { smoothing: 0.99, yScale: 'log', xAxis: 'epoch' },
  { smoothing: 0.3, yScale: 'linear', xAxis: 'epoch' },
];

function header(runId: string, stepsPerEpoch: number | null): RunHeader {
  return { runId, stepsPerEpoch } as RunHeader;
}

/**
 * Grows a run in random-sized chunks, as appends do: batches first, an epoch's record in the
 * same chunk as its last batch or a later one, sometimes halved as `runState` bounds its copy;
 * after each chunk the live data must equal a full rebuild, value for value (NaN, -0 included).
 */
function check(seed: number, spe: number | null, settings: UiSettings, halveAt?: number): number {
  const next = random(seed * 7919);
  const all = source(seed, 1500, 37);
  const loss = new LiveChartData('loss');
  const metrics = new LiveChartData('metrics');
  let run: RunSeries = { header: header('a', spe), batches: [], epochs: [] };
  let b = 0;
  let e = 0;
  let appends = 0;
  let extended = 0;
  let drawn: number[] | undefined;
  while (b < all.batches.length) {
    const from = b;
    b = Math.min(all.batches.length, b + 1 + Math.floor(next() * (next() < 0.2 ? 200 : 20)));
    const fresh = all.batches.slice(from, b);
    const lastStep = all.batches[b - 1]?.step ?? 0;
    const lag = next() < 0.5 ? 0 : 37;
    let epochEnd = e;
    while (epochEnd < all.epochs.length && (all.epochs[epochEnd] as EpochRecord).step <= lastStep - lag) epochEnd++;
    const batches = run.batches.concat(fresh);
    run = {
      header: run.header,
      batches: halveAt === undefined ? batches : bound(batches, halveAt),
      epochs: epochEnd > e ? run.epochs.concat(all.epochs.slice(e, epochEnd)) : run.epochs,
    };
    e = epochEnd;
    const context = `seed ${seed}, ${JSON.stringify(settings)}, spe ${spe}, at ${run.batches.length}`;
    const data = loss.data(run, settings);
    assert.deepStrictEqual(data, lossChartData(run, settings), context);
    appends++;
    if (data.x === drawn) extended++;
    drawn = data.x;
    assert.deepStrictEqual(metrics.data(run, settings), metricsChartData(run, settings), context);
  }
  return extended / appends;
}

describe('LiveChartData', () => {
  it('equals a full rebuild after every append of random size', () => {
    for (const [i, settings] of settingsList.entries()) {
      // Most appends extend; an epoch record arriving after its last batch, or (spe inferred) a
      // longer epoch than seen yet, rebuilds.
      assert.ok(check(i + 1, 37, settings) > 0.5);
      assert.ok(check(i + 11, null, settings) > 0.4);
    }
  });

  it('equals a full rebuild when the panel halves its series', () => {
    for (const [i, settings] of settingsList.entries()) assert.ok(check(i + 21, 37, settings, 300) > 0.2);
  });

  it('rebuilds on new settings, a new run or a snapshot, and equals a full rebuild', () => {
    const all = source(5, 400, 10);
    const live = new LiveChartData('loss');
    const cases: [RunSeries, UiSettings][] = [];
    const run = (runId: string, n: number, copy = false): RunSeries => ({
      header: header(runId, 10),
      batches: copy ? all.batches.slice(0, n).map((r) => ({ ...r })) : all.batches.slice(0, n),
      epochs: all.epochs.filter((r) => r.step <= n),
    });
    cases.push([run('a', 100), settingsList[0] as UiSettings]);
    cases.push([run('a', 150), settingsList[2] as UiSettings]);
    cases.push([run('b', 200), settingsList[2] as UiSettings]);
    cases.push([run('b', 250, true), settingsList[3] as UiSettings]);
    cases.push([{ ...run('b', 300), header: header('b', null) }, settingsList[3] as UiSettings]);
    for (const [state, settings] of cases)
      assert.deepStrictEqual(live.data(state, settings), lossChartData(state, settings));
  });

  it('extends the arrays it returned instead of building new ones', () => {
    const all = source(9, 200, 10);
    const live = new LiveChartData('loss');
    const first = live.data(
      { header: header('a', 10), batches: all.batches.slice(0, 95), epochs: [] },
      DEFAULT_UI_SETTINGS,
    );
    const grown: RunSeries = { header: header('a', 10), batches: all.batches.slice(0, 95), epochs: [] };
    const second = live.data(
      { ...grown, batches: grown.batches.concat(all.batches.slice(95, 99)) },
      DEFAULT_UI_SETTINGS,
    );
    assert.equal(second.x, first.x);
  });
});
