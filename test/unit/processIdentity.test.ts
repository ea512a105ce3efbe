/** Telling a process from a later one given the same pid, on real processes (Linux reads /proc). */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { describe, it } from 'node:test';
import {
  livenessOf,
  processAlive,
  processStartOf,
  readProcStat,
  thisProcess,
} from '../../extension/runs/processIdentity';

const linux = process.platform === 'linux' ? false : 'reads /proc (Linux only)';

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('processIdentity', () => {
  it('this process is alive as itself, and not as one that started at another time', { skip: linux }, () => {
    const me = thisProcess();
    assert.match(me.processStart ?? '', /^[0-9a-f-]+:\d+$/);
    assert.equal(livenessOf(me), 'alive');
    assert.equal(livenessOf({ pid: process.pid, processStart: `${me.processStart}0` }), 'pidReused');
    assert.equal(livenessOf({ pid: process.pid }), 'alive', 'a record without a start: a live pid counts');
  });

  it('an ended process is gone, its zombie included', { skip: linux }, async () => {
    const child = spawn('sleep', ['60'], { stdio: 'ignore' });
    const pid = child.pid as number;
    const identity = { pid, processStart: processStartOf(pid) as string };
    assert.equal(livenessOf(identity), 'alive');
    // Not yet reaped (no 'exit' listener has run): the kernel keeps a zombie that kill(pid, 0) still reaches.
    process.kill(pid, 'SIGKILL');
    await until(() => readProcStat(pid)?.zombie !== false, 'the child to become a zombie or go');
    assert.equal(processAlive(pid), false);
    assert.equal(livenessOf(identity), 'gone');
    const exited = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    assert.equal(livenessOf({ pid: Number(exited.stdout) }), 'gone');
  });

  it('reads a process whose name holds spaces and parentheses', { skip: linux }, async () => {
    const child = spawn(process.execPath, ['-e', "process.title = 'a) b (c'; setTimeout(() => {}, 30000)"], {
      stdio: 'ignore',
    });
    const pid = child.pid as number;
    try {
      await until(() => fs.readFileSync(`/proc/${pid}/stat`, 'utf8').includes('(a) b (c)'), 'the new title');
      const stat = readProcStat(pid);
      assert.equal(stat?.ppid, process.pid);
      assert.equal(stat?.zombie, false);
      assert.match(stat?.starttime ?? '', /^\d+$/);
      assert.ok(Number(stat?.starttime) >= Number(readProcStat(process.pid)?.starttime), 'started after this process');
    } finally {
      child.kill('SIGKILL');
    }
  });
});
