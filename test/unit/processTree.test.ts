/**
 * The kill-tree's Windows command line (taskkill), which no test here can run: these machines are
 * Linux, so only its construction is checked. POSIX kill-trees are tested on real processes
 * (cancellableCommand.test.ts, test/integration/supervision.test.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { windowsKillTreeCommand } from '../../extension/supervisor/processTree';

describe('windowsKillTreeCommand', () => {
  it('ends the process by pid with its whole tree (/T), forcibly (/F)', () => {
    assert.deepEqual(windowsKillTreeCommand(4242), { command: 'taskkill', args: ['/pid', '4242', '/T', '/F'] });
  });

  it('refuses what is not a process id, rather than handing taskkill a pattern or a negative number', () => {
    for (const pid of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => windowsKillTreeCommand(pid), /Not a process id/, String(pid));
    }
  });
});
