import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { MetricsTailer } from '../../extension/host/history/metricsTailer';
import { RunFollower, type FollowTarget } from '../../extension/host/history/runFollower';
import type { RunInfo } from '../../extension/runs/runFiles';
import type { RunContents } from '../../extension/runs/runReader';
import { runInfo } from './historyFixtures';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'tensorscope-history-'));
}

const line = (value: object): string => `${JSON.stringify(value)}\n`;

describe('metrics tailer', () => {
  it('returns complete lines only, and the partial last line once it is finished', () => {
    const file = path.join(tempDir(), 'metrics.jsonl');
    fs.writeFileSync(file, `${line({ type: 'batch', step: 1 })}{"type":"batch","st`);
    const tailer = new MetricsTailer(file);
    assert.deepEqual(tailer.read(), { reset: false, lines: [{ type: 'batch', step: 1 }], skipped: 0 });
    assert.deepEqual(tailer.read().lines, []);
    fs.appendFileSync(file, `ep":2}\n${line({ type: 'epoch', epoch: 1 })}`);
    assert.deepEqual(tailer.read().lines, [
      { type: 'batch', step: 2 },
      { type: 'epoch', epoch: 1 },
    ]);
    assert.equal(tailer.offset, fs.statSync(file).size);
  });

  it('keeps multi-byte characters split across reads whole', () => {
    const file = path.join(tempDir(), 'metrics.jsonl');
    const text = line({ type: 'note', text: 'λ→∞ 🎉' });
    const bytes = Buffer.from(text);
    fs.writeFileSync(file, bytes.subarray(0, 20));
    const tailer = new MetricsTailer(file);
    assert.deepEqual(tailer.read().lines, []);
    fs.appendFileSync(file, bytes.subarray(20));
    assert.deepEqual(tailer.read().lines, [{ type: 'note', text: 'λ→∞ 🎉' }]);
  });

  it('reads a truncated or rewritten file again from the start, and says so', () => {
    const file = path.join(tempDir(), 'metrics.jsonl');
    fs.writeFileSync(file, line({ type: 'batch', step: 1 }) + line({ type: 'batch', step: 2 }));
    const tailer = new MetricsTailer(file);
    assert.equal(tailer.read().lines.length, 2);
    fs.writeFileSync(file, line({ type: 'batch', step: 9 }));
    assert.deepEqual(tailer.read(), { reset: true, lines: [{ type: 'batch', step: 9 }], skipped: 0 });
  });

  it('reads a big file a bounded piece at a time; a line longer than a piece is skipped once', () => {
    const file = path.join(tempDir(), 'metrics.jsonl');
    const lines = Array.from({ length: 20 }, (_, i) => line({ type: 'batch', step: i + 1 }));
    const long = `{"type":"note","text":"${'x'.repeat(200)}"}\n`;
    fs.writeFileSync(file, lines.slice(0, 10).join('') + long + lines.slice(10).join(''));
    const tailer = new MetricsTailer(file, 64);
    const steps: unknown[] = [];
    let skipped = 0;
    for (let read = 0; read < 100 && tailer.offset < fs.statSync(file).size; read++) {
      const piece = tailer.read();
      steps.push(...piece.lines.map((record) => record.step));
      skipped += piece.skipped;
    }
    assert.deepEqual(
      steps,
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    assert.equal(skipped, 1);
  });

  it('counts a complete line that is not JSON as skipped, and treats a missing file as empty', () => {
    const dir = tempDir();
    const missing = new MetricsTailer(path.join(dir, 'none.jsonl'));
    assert.deepEqual(missing.read(), { reset: false, lines: [], skipped: 0 });
    const file = path.join(dir, 'metrics.jsonl');
    fs.writeFileSync(file, `garbage\n${line({ type: 'epoch', epoch: 1 })}`);
    assert.deepEqual(new MetricsTailer(file).read().skipped, 1);
  });
});

describe('run follower', () => {
  function recorder() {
    const events: string[] = [];
    const target: FollowTarget = {
      showRecorded: (run: RunContents) =>
        events.push(`show ${run.info.status} ${run.batches.length}b ${run.epochs.length}e`),
      appendRecorded: (info: RunInfo, batches, epochs) =>
        events.push(`append ${info.status} ${batches.length}b ${epochs.length}e`),
    };
    return { events, target };
  }

  function runFolder(info: RunInfo, metrics: string): string {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'run.json'), JSON.stringify(info));
    fs.writeFileSync(path.join(dir, 'metrics.jsonl'), metrics);
    return dir;
  }

  it('shows what is there, appends what arrives, and ends when run.json says the run ended', async () => {
    const running = runInfo({ status: 'running', endedAt: null, hostname: 'another-machine' });
    const dir = runFolder(running, line({ type: 'batch', epoch: 1, batch: 0, step: 1, time: 0, loss: 1 }));
    const { events, target } = recorder();
    const ended: (string | undefined)[] = [];
    const follower = new RunFollower(dir, target, { intervalMs: 60_000, onEnd: (info) => ended.push(info?.status) });
    assert.equal(await follower.start(), true);
    assert.equal(follower.following, true);
    fs.appendFileSync(
      path.join(dir, 'metrics.jsonl'),
      line({ type: 'batch', epoch: 1, batch: 1, step: 2, time: 0, loss: 0.9 }) +
        line({ type: 'epoch', epoch: 1, step: 2, loss: 0.95 }),
    );
    follower.poll();
    fs.writeFileSync(
      path.join(dir, 'run.json'),
      JSON.stringify({ ...running, status: 'completed', endedAt: running.startedAt }),
    );
    follower.poll();
    assert.deepEqual(events, ['show running 1b 0e', 'append running 1b 1e', 'append completed 0b 0e']);
    assert.deepEqual(ended, ['completed']);
    assert.equal(follower.following, false);
  });

  it('attached while a line is half written: shows the whole lines, then the finished line once, nothing skipped', async () => {
    const running = runInfo({ status: 'running', endedAt: null, hostname: 'another-machine' });
    const first = line({ type: 'batch', epoch: 1, batch: 0, step: 1, time: 0, loss: 1 });
    const dir = runFolder(running, `${first}{"type":"batch","epoch":1,"batch":1,"st`);
    const shown: RunContents[] = [];
    const appended: number[] = [];
    const follower = new RunFollower(
      dir,
      {
        showRecorded: (run) => shown.push(run),
        appendRecorded: (_info, batches) => appended.push(...batches.map((b) => b.step)),
      },
      { intervalMs: 60_000 },
    );
    assert.equal(await follower.start(), true);
    assert.deepEqual(
      shown.map((run) => [run.batches.length, run.skippedLines]),
      [[1, 0]],
    );
    fs.appendFileSync(path.join(dir, 'metrics.jsonl'), 'ep":2,"time":0,"loss":0.9}\n');
    follower.poll();
    assert.deepEqual(appended, [2]);
    follower.stop();
  });

  it('does not follow a finished run, nor a running one whose trainer on this machine is gone', async () => {
    const { events, target } = recorder();
    const done = new RunFollower(runFolder(runInfo(), ''), target);
    assert.equal(await done.start(), true);
    assert.equal(done.following, false);
    const orphan = runInfo({ status: 'running', endedAt: null, hostname: os.hostname(), pid: 2 ** 22 + 12345 });
    const stale = new RunFollower(runFolder(orphan, ''), target);
    assert.equal(await stale.start(), true);
    assert.equal(stale.following, false);
    assert.deepEqual(events, ['show completed 0b 0e', 'show running 0b 0e']);
  });

  it('refuses a folder without a readable run.json', async () => {
    assert.equal(await new RunFollower(tempDir(), recorder().target).start(), false);
  });
});
