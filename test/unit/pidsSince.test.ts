/**
 * Which pids may have been handed out after a process started, from the kernel's pid counter, on
 * real processes (Linux). Setting the counter back needs root; that test is skipped elsewhere.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { after, describe, it } from 'node:test';
import { PidsSince } from '../../extension/supervisor/pidsSince';
import { listDescendants, listDescendantsFromTable, type ListedProcess } from '../../extension/supervisor/processTree';

const LAST_PID = '/proc/sys/kernel/ns_last_pid';
const linux = process.platform === 'linux' && fs.existsSync(LAST_PID);
const started: ChildProcess[] = [];
after(() => started.forEach((child) => child.kill('SIGKILL')));

function sleeper(): number {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  started.push(child);
  return child.pid as number;
}

function canSetCounter(): boolean {
  try {
    fs.accessSync(LAST_PID, fs.constants.W_OK);
    return process.getuid?.() === 0;
  } catch {
    return false;
  }
}

describe('pids handed out since a process started', { skip: linux ? false : 'Linux only' }, () => {
  it('names the processes started after it, not it nor those started before it', () => {
    const watched = sleeper();
    const since = new PidsSince(watched);
    const later = sleeper();
    const mayBeNewer = since.check().mayBeNewer;
    assert.equal(mayBeNewer(later), true);
    assert.equal(mayBeNewer(watched), false);
    // Unless the counter wrapped between this test's start and the watched process's.
    if (process.pid < watched) assert.equal(mayBeNewer(process.pid), false);
    const third = sleeper();
    assert.equal(mayBeNewer(third), false, 'as of the check');
    assert.equal(since.check().mayBeNewer(third), true, 'the counter is read again at each check');
  });

  it('finds a process’s descendants reading only the processes started after it', () => {
    const parent = spawn('sh', ['-c', 'sleep 30 & sleep 30 & wait'], { stdio: 'ignore' });
    started.push(parent);
    const pid = parent.pid as number;
    const since = new PidsSince(pid);
    const deadline = Date.now() + 5_000;
    let found = listDescendantsFromTable(pid, since.check().mayBeNewer);
    while (found.length < 2 && Date.now() < deadline) found = listDescendantsFromTable(pid, since.check().mayBeNewer);
    const pids = (listed: ListedProcess[]) => listed.map((child) => child.pid).sort();
    assert.equal(found.length, 2, 'both sleeps, found among the newer pids');
    assert.deepEqual(pids(found), pids(listDescendantsFromTable(pid)), 'as a walk of every process finds them');
    assert.deepEqual(pids(found), pids(listDescendants(pid)), 'as the kernel’s children lists have them');
  });

  it('says whether any pid was handed out since the previous check', () => {
    const since = new PidsSince(sleeper());
    since.check();
    sleeper();
    assert.equal(since.check().handedOutSinceLastCheck, true);
  });

  it(
    'counts every pid as newer once the counter has come round past the process',
    {
      skip: canSetCounter() ? false : `setting ${LAST_PID} needs root`,
    },
    () => {
      const watched = sleeper();
      const since = new PidsSince(watched);
      sleeper();
      assert.equal(since.check().mayBeNewer(watched), false);
      const last = fs.readFileSync(LAST_PID, 'utf8').trim();
      try {
        fs.writeFileSync(LAST_PID, String(watched)); // as the counter reads when it has come round
        const mayBeNewer = since.check().mayBeNewer;
        assert.equal(mayBeNewer(watched), true);
        assert.equal(mayBeNewer(1), true);
        assert.equal(since.check().mayBeNewer(1), true, 'for good: a later check cannot tell how often it came round');
      } finally {
        fs.writeFileSync(LAST_PID, last);
      }
    },
  );
});
