/**
 * Load: this process plays the extension host — TrainerProcess (fork, IPC, validation) feeding the
 * real LiveRun — and measures its own event-loop delay and the messages and batches it receives per
 * second, against two senders:
 *  - `trainer`: the real trainer training a tiny model with batch size 1, logging every batch as
 *    fast as it can (its coalescer sends a message per 20 ms);
 *  - `flood`: a stand-in trainer that sends the largest `batches` messages the protocol allows
 *    (10,000 records) as fast as it can, to find the host's own ceiling.
 * Event-loop delay is how late a 1 ms timer fires (the histogram's interval minus the 1 ms).
 *
 *   node esbuild.js && node --import tsx bench/hostLoad.ts [seconds]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { TrainerProcess } from '../extension/host/trainerProcess';
import { MB, createLiveRun, saveResults, watchPanel } from './memory.pipeline';
import { columnLength } from '../extension/protocol/batchColumns';

const SECONDS = Number(process.argv[2] ?? 10);
const TRAINER = path.join(__dirname, '..', 'dist', 'trainer.js');

const TINY_MODEL = `import * as tf from '@tensorflow/tfjs';
export const config = { epochs: 1000, batchSize: 1, shuffle: false, learningRate: 0.01 };
export function createModel() {
  return tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
}
export function loadData() {
  const xs = tf.randomUniform([100_000, 1]);
  return { train: { xs, ys: xs.mul(3).add(1) } };
}
`;

const RESOLUTION_MS = 1;
const lateMs = (nanoseconds: number) => Number(Math.max(0, nanoseconds / 1e6 - RESOLUTION_MS).toFixed(2));

/** A stand-in trainer: after `start`, full 10,000-record batches messages back to back until `stop`. */
const FLOOD_TRAINER = `
let step = 0;
let stopped = false;
function flood() {
  if (stopped || !process.connected) return;
  const records = [];
  for (let i = 0; i < 10000; i++) { step++; records.push({ epoch: 1, batch: step - 1, step, time: Date.now(), logs: { loss: 1 / step } }); }
  process.send({ v: 1, type: 'batches', records }, () => setImmediate(flood));
}
process.on('message', (m) => {
  if (m.type === 'stop') { stopped = true; process.send({ v: 1, type: 'runEnded', status: 'stopped', endedAt: Date.now() }, () => process.exit(0)); return; }
  process.send({ v: 1, type: 'runCreated', runId: 'flood', runDir: '/tmp/flood', modelFile: '/tmp/flood/model.ts', command: 'train', startedAt: Date.now() });
  flood();
});
process.on('disconnect', () => process.exit(0));
`;

async function measure(trainerScript: string, dir: string): Promise<Record<string, unknown>> {
  const liveRun = createLiveRun();
  const panel = watchPanel(liveRun);
  const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  let messages = 0;
  let batches = 0;
  let firstBatchAt = 0;
  let invalid = 0;
  const trainer = new TrainerProcess({
    trainerScript,
    cwd: dir,
    hungTimeoutMs: 60_000,
    onMessage(message) {
      liveRun.apply(message);
      if (message.type !== 'batches') return;
      if (firstBatchAt === 0) {
        firstBatchAt = performance.now();
        delay.enable();
      }
      messages++;
      batches += message.records.length;
    },
    onInvalidMessage: () => invalid++,
  });
  trainer.send({
    type: 'start',
    command: 'train',
    modelFile: path.join(dir, 'model.ts'),
    options: { backend: 'auto', sampleEveryBatches: 0 },
  });
  while (firstBatchAt === 0 || performance.now() - firstBatchAt < SECONDS * 1000) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  delay.disable();
  const seconds = (performance.now() - firstBatchAt) / 1000;
  const counted = { messages, batches };
  trainer.stop();
  const exit = await trainer.exited;
  const figures = {
    seconds: Number(seconds.toFixed(1)),
    batchesPerSec: Math.round(counted.batches / seconds),
    messagesPerSec: Math.round(counted.messages / seconds),
    recordsPerMessage: Number((counted.batches / Math.max(1, counted.messages)).toFixed(1)),
    panelAppendsPerSec: Math.round(panel.appends / seconds),
    invalidMessages: invalid,
    eventLoopDelayMs: {
      p50: lateMs(delay.percentile(50)),
      p99: lateMs(delay.percentile(99)),
      max: lateMs(delay.max),
      mean: lateMs(delay.mean),
    },
    hostRssMb: Math.round(process.memoryUsage().rss / MB),
    batchPointsKept: columnLength(liveRun.snapshot().batches),
    trainerExit: exit,
  };
  liveRun.dispose();
  return figures;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorscope-load-'));
  fs.writeFileSync(path.join(dir, 'model.ts'), TINY_MODEL);
  fs.writeFileSync(path.join(dir, 'flood.js'), FLOOD_TRAINER);
  const trainer = await measure(TRAINER, dir);
  const flood = await measure(path.join(dir, 'flood.js'), dir);
  fs.rmSync(dir, { recursive: true, force: true });
  const figures = { trainer, flood, cpus: os.cpus().length, node: process.version };
  console.log(JSON.stringify(figures, null, 2));
  saveResults('hostLoad', figures);
}

void main();
