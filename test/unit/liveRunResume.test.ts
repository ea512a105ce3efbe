/**
 * A resumed run in the panel: the host reads what the run held on disk without blocking, holds the
 * trainer's messages meanwhile, then shows the run whole, with nothing twice (records the trainer
 * appended to the file after it resumed arrive as messages, and are not read from disk too).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { createLiveRun, receive } from '../../bench/memory.pipeline';
import type { LiveRun } from '../../extension/host/liveRun';
import type { BatchRecord } from '../../extension/protocol/records';
import type { EndStatus } from '../../extension/protocol/trainerMessages';
import { readRunForView } from '../../extension/runs/runOverview';
import { RunWriter } from '../../extension/runs/runWriter';

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorscope-resume-view-'));
after(() => fs.rmSync(workspace, { recursive: true, force: true }));

const batch = (step: number): BatchRecord => ({
  epoch: Math.ceil(step / 50),
  batch: (step - 1) % 50,
  step,
  time: 1_000 + step,
  logs: { loss: 1 / step },
});
const batchLine = (step: number): string => {
  const { logs, ...rest } = batch(step);
  return `${JSON.stringify({ type: 'batch', ...rest, ...logs })}\n`;
};

/** A stopped (or otherwise ended) run of 100 steps (two epochs) on disk. */
function stoppedRun(status: EndStatus = 'stopped'): { runDir: string; runId: string } {
  const writer = RunWriter.create(workspace, path.join(workspace, 'model.ts'), 'train');
  let text = '';
  for (let step = 1; step <= 100; step++) {
    text += batchLine(step);
    if (step % 50 === 0)
      text += `${JSON.stringify({ type: 'epoch', epoch: step / 50, step, time: step, duration_ms: 1, samples_per_sec: 1, loss: 1 })}\n`;
  }
  fs.writeFileSync(path.join(writer.runDir, 'metrics.jsonl'), text);
  writer.end(status);
  return { runDir: writer.runDir, runId: path.basename(writer.runDir) };
}

async function shown(liveRun: LiveRun, runId: string): Promise<void> {
  for (let waited = 0; liveRun.current?.runId !== runId; waited += 10) {
    assert.ok(waited < 5_000, 'the resumed run is shown');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function resume(liveRun: LiveRun, runDir: string, runId: string): void {
  receive(liveRun, {
    type: 'runCreated',
    runId,
    runDir,
    modelFile: path.join(workspace, 'model.ts'),
    command: 'resume',
    startedAt: Date.now(),
    resumedAtStep: 100,
  });
}

describe('a resumed run in the panel', () => {
  it('shows what is on disk, then the batches that came while it was read, each once', async () => {
    const { runDir, runId } = stoppedRun();
    const liveRun = createLiveRun();
    resume(liveRun, runDir, runId);
    // The trainer goes on: it appends its records and sends them.
    fs.appendFileSync(path.join(runDir, 'metrics.jsonl'), [101, 102, 103].map(batchLine).join(''));
    receive(liveRun, { type: 'batches', records: [101, 102, 103].map(batch) });
    await shown(liveRun, runId);
    receive(liveRun, { type: 'batches', records: [batch(104)] });
    const snapshot = liveRun.snapshot();
    assert.deepEqual(
      Array.from(snapshot.batches.step),
      Array.from({ length: 104 }, (_, i) => i + 1),
    );
    assert.equal(snapshot.epochs.length, 2);
    assert.equal(snapshot.header?.status, 'running');
    liveRun.dispose();
  });

  it('a trainer that dies while the run is read leaves it stopped, not running', async () => {
    const { runDir, runId } = stoppedRun();
    const liveRun = createLiveRun();
    resume(liveRun, runDir, runId);
    liveRun.markEnded(runId, 'failed', null);
    await shown(liveRun, runId);
    assert.equal(liveRun.current?.status, 'failed');
    liveRun.dispose();
  });

  it('a resume cancelled while its model was rebuilt shows the run as its files say, not stopped', async () => {
    const { runDir, runId } = stoppedRun('completed');
    const liveRun = createLiveRun();
    resume(liveRun, runDir, runId);
    await shown(liveRun, runId);
    assert.equal(liveRun.current?.status, 'running');
    liveRun.resumeCancelled(runId, await readRunForView(runDir));
    assert.equal(liveRun.current?.status, 'completed');
    assert.equal(liveRun.snapshot().batches.step.length, 100);
    liveRun.dispose();
  });

  it('a resume cancelled before the run was read shows the recorded run once, not a later live one', async () => {
    const { runDir, runId } = stoppedRun('completed');
    const liveRun = createLiveRun();
    resume(liveRun, runDir, runId);
    liveRun.resumeCancelled(runId, await readRunForView(runDir));
    await new Promise((resolve) => setTimeout(resolve, 200)); // the resume's own read has finished by now
    assert.equal(liveRun.current?.status, 'completed');
    liveRun.dispose();
  });
});
