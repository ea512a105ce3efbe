import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { METRICS_FILE, batchLine, epochLine, newRunId } from '../../extension/runs/runFiles';
import { listRunDirs, readRun, readRunInfo } from '../../extension/runs/runReader';
import { RunWriter, markRunFailed } from '../../extension/runs/runWriter';

let workspace: string;

beforeEach(() => {
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorscope-store-'));
});
afterEach(() => fs.rmSync(workspace, { recursive: true, force: true }));

const batch = (step: number, loss: number) => ({
  epoch: 1,
  batch: step - 1,
  step,
  time: 1000 + step,
  logs: { loss, acc: 0.5 },
});

describe('run store', () => {
  it('creates a run folder with run.json (running) and an empty metrics file', () => {
    const writer = RunWriter.create(workspace, path.join(workspace, 'model.ts'), 'train');
    assert.equal(path.dirname(writer.runDir), path.join(workspace, '.tensorscope', 'runs'));
    assert.equal(readRunInfo(writer.runDir)?.status, 'running');
    assert.equal(fs.readFileSync(path.join(writer.runDir, METRICS_FILE), 'utf8'), '');
  });

  it('round-trips batch and epoch records, with flat epoch lines and NaN kept', () => {
    const writer = RunWriter.create(workspace, '/m/model.ts', 'train');
    writer.append(batchLine(batch(1, 2.5)));
    writer.append(batchLine(batch(2, Number.NaN)));
    writer.append(
      epochLine({ epoch: 1, step: 2, time: 5, durationMs: 10, samplesPerSec: 640, logs: { loss: 1.2, val_loss: 1.4 } }),
      true,
    );
    writer.end('completed');
    const lines = fs
      .readFileSync(path.join(writer.runDir, METRICS_FILE), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(lines[2], {
      type: 'epoch',
      epoch: 1,
      step: 2,
      time: 5,
      duration_ms: 10,
      samples_per_sec: 640,
      loss: 1.2,
      val_loss: 1.4,
    });
    const run = readRun(writer.runDir);
    assert.ok(run);
    assert.equal(run.info.status, 'completed');
    assert.ok(run.info.endedAt);
    assert.deepEqual(run.batches[0], batch(1, 2.5));
    assert.ok(Number.isNaN(run.batches[1]?.logs.loss));
    assert.equal(run.epochs[0]?.logs.val_loss, 1.4);
  });

  it('keeps batch lines buffered until flushed, and flushes them on end', () => {
    const writer = RunWriter.create(workspace, '/m/model.ts', 'train');
    writer.append(batchLine(batch(1, 1)));
    writer.append(batchLine(batch(2, 1)));
    const before = fs.readFileSync(path.join(writer.runDir, METRICS_FILE), 'utf8');
    writer.end('stopped');
    const after = fs.readFileSync(path.join(writer.runDir, METRICS_FILE), 'utf8');
    assert.ok(before.split('\n').length <= after.split('\n').length);
    assert.equal(after.trim().split('\n').length, 2);
  });

  it('skips a torn last line left by a crash', () => {
    const writer = RunWriter.create(workspace, '/m/model.ts', 'train');
    writer.append(batchLine(batch(1, 1)), true);
    fs.appendFileSync(path.join(writer.runDir, METRICS_FILE), '{"type":"batch","epoch":1,"ba');
    const run = readRun(writer.runDir);
    assert.equal(run?.batches.length, 1);
    assert.equal(run?.skippedLines, 1);
  });

  it('gives simultaneous runs of one file different folders', () => {
    const dirs = new Set(Array.from({ length: 20 }, () => RunWriter.create(workspace, '/m/model.ts', 'train').runDir));
    assert.equal(dirs.size, 20);
    assert.equal(listRunDirs(workspace).length, 20);
  });

  it('marks a run failed only while it is still running', () => {
    const running = RunWriter.create(workspace, '/m/model.ts', 'train');
    markRunFailed(running.runDir, { kind: 'process', message: 'killed' });
    assert.equal(readRunInfo(running.runDir)?.status, 'failed');
    assert.equal(readRunInfo(running.runDir)?.error?.message, 'killed');
    const done = RunWriter.create(workspace, '/m/model.ts', 'train');
    done.end('completed');
    markRunFailed(done.runDir, { kind: 'process', message: 'late' });
    assert.equal(readRunInfo(done.runDir)?.status, 'completed');
  });

  it('leaves no temporary files behind after atomic writes', () => {
    const writer = RunWriter.create(workspace, '/m/model.ts', 'train');
    writer.update({ stepsPerEpoch: 3 });
    writer.end('completed');
    assert.deepEqual(fs.readdirSync(writer.runDir).sort(), ['metrics.jsonl', 'run.json']);
  });

  it('makes sortable, filesystem-safe run ids', () => {
    const id = newRunId('/x/my model (v2).ts', new Date('2026-11-28T07:45:12.047Z'));
    assert.match(id, /^20261128-074512-047-my-model-v2--[0-9a-f]{4}$/);
  });
});
