/**
 * Host memory over a run of 10^6 steps: every batch goes through the host's real path (clone,
 * validate, LiveRun with its bounded series, coalesced appends to the panel), in messages of 50
 * records as the trainer's coalescer sends them at a few thousand batches/s. Reports heap growth
 * after a full GC at each 10^5 steps; the goal is under 100 MB extra for the whole run.
 *
 *   node --expose-gc --import tsx bench/memory.ts [steps]
 */
import { MB, createLiveRun, receive, saveResults, startRun, watchPanel } from './memory.pipeline';
import type { BatchRecord } from '../extension/protocol/records';
import { columnLength } from '../extension/protocol/batchColumns';

const STEPS = Number(process.argv[2] ?? 1_000_000);
const RECORDS_PER_MESSAGE = 50;
const STEPS_PER_EPOCH = 10_000;
const GOAL_MB = 100;

const gc = (globalThis as { gc?: () => void }).gc;

function heapMb(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / MB;
}

const yieldToTimers = () => new Promise<void>((resolve) => setImmediate(resolve));

function batch(step: number): BatchRecord {
  const epoch = Math.ceil(step / STEPS_PER_EPOCH);
  return { epoch, batch: (step - 1) % STEPS_PER_EPOCH, step, time: Date.now(), logs: { loss: 1 / step, acc: 0.5 } };
}

async function main(): Promise<void> {
  if (!gc) console.warn('run with --expose-gc for exact heap figures');
  const liveRun = createLiveRun();
  const panel = watchPanel(liveRun);
  startRun(liveRun, 'bench');
  const baseline = heapMb();
  const started = performance.now();
  const samples: { steps: number; heapMb: number }[] = [];
  for (let step = 1; step <= STEPS; step += RECORDS_PER_MESSAGE) {
    const records = Array.from({ length: Math.min(RECORDS_PER_MESSAGE, STEPS - step + 1) }, (_, i) => batch(step + i));
    receive(liveRun, { type: 'batches', records });
    const last = step + records.length - 1;
    if (last % STEPS_PER_EPOCH === 0) {
      const logs = { loss: 1 / last, val_loss: 1 / last };
      receive(liveRun, {
        type: 'epochEnd',
        record: { epoch: last / STEPS_PER_EPOCH, step: last, time: Date.now(), durationMs: 1, samplesPerSec: 1, logs },
      });
    }
    await yieldToTimers();
    if (last % 100_000 === 0) samples.push({ steps: last, heapMb: Number((heapMb() - baseline).toFixed(1)) });
  }
  const seconds = (performance.now() - started) / 1000;
  const growth = heapMb() - baseline;
  const snapshot = liveRun.snapshot();
  const figures = {
    steps: STEPS,
    recordsPerMessage: RECORDS_PER_MESSAGE,
    heapGrowthMb: Number(growth.toFixed(1)),
    goalMb: GOAL_MB,
    withinGoal: growth < GOAL_MB,
    rssMb: Number((process.memoryUsage().rss / MB).toFixed(0)),
    batchPointsKept: columnLength(snapshot.batches),
    epochPointsKept: snapshot.epochs.length,
    panelAppends: panel.appends,
    hostMessagesPerSec: Math.round(STEPS / RECORDS_PER_MESSAGE / seconds),
    hostBatchesPerSec: Math.round(STEPS / seconds),
    heapGrowthMbBySteps: samples,
    gcExposed: Boolean(gc),
    node: process.version,
  };
  liveRun.dispose();
  console.log(JSON.stringify(figures, null, 2));
  saveResults('memory', figures);
  if (!figures.withinGoal) process.exitCode = 1;
}

void main();
