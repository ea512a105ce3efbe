import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { newestRun, runStartSecond } from '../../extension/runs/newestRun';
import { RUN_FILE, RUNS_FOLDER, idTimeStamp } from '../../extension/runs/runFiles';
import { listRunDirs, readRunInfo } from '../../extension/runs/runReader';
import { RunWriter, makeRunFolder } from '../../extension/runs/runWriter';

let workspace: string;

beforeEach(() => {
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorscope-newest-'));
});
afterEach(() => fs.rmSync(workspace, { recursive: true, force: true }));

/**
 * A finished run written by the real writer, then given the id and start time under test (as a
 * 0.1 writer, whose ids told only the second, or another process would have left it).
 */
function recordedRun(id: string, startedAt: string, into = workspace, command: 'train' | 'evaluate' = 'train'): string {
  const writer = RunWriter.create(into, path.join(into, 'model.ts'), command);
  writer.end('completed');
  const dir = path.join(into, RUNS_FOLDER, id);
  fs.renameSync(writer.runDir, dir);
  const info = { ...readRunInfo(dir), runId: id, startedAt };
  fs.writeFileSync(path.join(dir, RUN_FILE), JSON.stringify(info));
  return dir;
}

/** Waits until the clock shows another millisecond, so the next run starts strictly later. */
function nextMillisecond(): void {
  const now = Date.now();
  while (Date.now() === now) {
    /* spin: a millisecond is too short to sleep for */
  }
}

describe('the newest run', () => {
  it('orders runs that started in the same second by start time, whatever their ids say', () => {
    recordedRun('20261130-134230-model-ffff', '2026-11-30T13:42:30.990Z');
    const first = recordedRun('20261130-134231-model-ffff', '2026-11-30T13:42:31.100Z');
    const second = recordedRun('20261130-134231-model-0000', '2026-11-30T13:42:31.900Z');
    assert.equal(newestRun(listRunDirs(workspace))?.dir, second);

    const info = readRunInfo(first);
    fs.writeFileSync(path.join(first, RUN_FILE), JSON.stringify({ ...info, startedAt: '2026-11-30T13:42:31.950Z' }));
    assert.equal(newestRun(listRunDirs(workspace))?.dir, first);
  });

  it('orders a 0.1 id and a millisecond id of one second by start time', () => {
    recordedRun('20261130-134231-model-aaaa', '2026-11-30T13:42:31.100Z');
    const newer = recordedRun('20261130-134231-950-model-0000', '2026-11-30T13:42:31.950Z');
    assert.equal(newestRun(listRunDirs(workspace))?.dir, newer);
  });

  it('reads run.json only for the runs of the newest accepted run’s second', () => {
    const older = ['20261130-134228-model-0001', '20261130-134229-model-0002', '20261130-134229-model-0003'];
    for (const id of older) recordedRun(id, `2026-11-30T${id.slice(9, 11)}:${id.slice(11, 13)}:${id.slice(13, 15)}Z`);
    const evaluation = recordedRun('20261130-134232-model-0004', '2026-11-30T13:42:32.500Z', workspace, 'evaluate');
    const a = recordedRun('20261130-134231-model-0005', '2026-11-30T13:42:31.700Z');
    const b = recordedRun('20261130-134231-model-0006', '2026-11-30T13:42:31.200Z');
    const read: string[] = [];
    const newest = newestRun(listRunDirs(workspace), (info, dir) => {
      read.push(path.basename(dir));
      return info.command === 'train';
    });
    assert.equal(newest?.dir, a);
    assert.equal(newest?.info.startedAt, '2026-11-30T13:42:31.700Z');
    assert.deepEqual(
      read,
      [evaluation, b, a].map((dir) => path.basename(dir)),
    );
  });

  it('passes over a folder with no readable run.json (a run being created) and finds nothing in an empty store', () => {
    assert.equal(newestRun(listRunDirs(workspace)), undefined);
    const run = recordedRun('20261130-134231-100-model-0001', '2026-11-30T13:42:31.100Z');
    fs.mkdirSync(path.join(workspace, RUNS_FOLDER, '20261130-134231-200-model-0002'));
    assert.equal(newestRun(listRunDirs(workspace))?.dir, run);
  });

  it('picks the newest run across several run stores by id, not by the store’s path', () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorscope-newest-a-'));
    try {
      const newer = recordedRun('20261130-134231-model-0001', '2026-11-30T13:42:31.500Z', workspace);
      recordedRun('20261130-134231-model-0002', '2026-11-30T13:42:31.100Z', other);
      recordedRun('20261130-134230-model-0003', '2026-11-30T13:42:30.100Z', other);
      assert.equal(newestRun([...listRunDirs(other), ...listRunDirs(workspace)])?.dir, newer);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  it('is the last of runs the writer created in quick succession, and their ids sort as they started', () => {
    const created: string[] = [];
    for (let i = 0; i < 12; i++) {
      const writer = RunWriter.create(workspace, path.join(workspace, 'model.ts'), 'train');
      writer.end('completed');
      created.push(writer.runDir);
      nextMillisecond();
    }
    const seconds = new Set(created.map(runStartSecond));
    assert.ok(seconds.size < created.length, 'runs were created within one second');
    for (const dir of created) {
      const info = readRunInfo(dir);
      assert.ok(path.basename(dir).startsWith(`${idTimeStamp(new Date(info?.startedAt ?? ''))}-model-`));
    }
    assert.deepEqual(listRunDirs(workspace), [...created].reverse());
    assert.equal(newestRun(listRunDirs(workspace))?.dir, created.at(-1));
  });
});

describe('run folder ids', () => {
  it('takes the next id when a run folder of the same id exists, leaving that run as it was', () => {
    const runsDir = path.join(workspace, RUNS_FOLDER);
    const taken = recordedRun('20261130-134231-417-model-3f9a', '2026-11-30T13:42:31.417Z');
    const before = fs.readFileSync(path.join(taken, RUN_FILE), 'utf8');
    const ids = ['20261130-134231-417-model-3f9a', '20261130-134231-417-model-77c1'];
    assert.equal(
      makeRunFolder(runsDir, () => ids.shift() ?? 'none'),
      '20261130-134231-417-model-77c1',
    );
    assert.equal(fs.readFileSync(path.join(taken, RUN_FILE), 'utf8'), before);
    assert.deepEqual(fs.readdirSync(path.join(runsDir, '20261130-134231-417-model-77c1')), []);
  });

  it('gives every run of one model started in one second its own folder', () => {
    const dirs = Array.from({ length: 40 }, () => {
      const writer = RunWriter.create(workspace, path.join(workspace, 'model.ts'), 'train');
      writer.end('completed');
      return writer.runDir;
    });
    assert.equal(new Set(dirs).size, dirs.length);
    for (const dir of dirs) assert.equal(readRunInfo(dir)?.runId, path.basename(dir));
  });
});
