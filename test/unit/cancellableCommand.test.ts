/** Cancelling an installer ends its whole process tree (real processes: bash and its children). */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { CommandCancelled, runProcessTree } from '../../extension/host/cancellableCommand';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorscope-tree-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** bash starting two long children (like npm starting node-gyp and a compiler), their pids in a file. */
function installerLike(pidsFile: string, ignoreTerm: boolean): string[] {
  const trap = ignoreTerm ? "trap '' TERM; " : '';
  return [
    '-c',
    `${trap}sleep 300 & echo $! >> ${pidsFile}; sleep 300 & echo $! >> ${pidsFile}; echo $$ >> ${pidsFile}; wait`,
  ];
}

async function cancelAndCheck(name: string, ignoreTerm: boolean): Promise<void> {
  const pidsFile = path.join(dir, `${name}.pids`);
  const abort = new AbortController();
  const running = runProcessTree('bash', installerLike(pidsFile, ignoreTerm), { cwd: dir, signal: abort.signal });
  const pids = (): number[] =>
    fs.existsSync(pidsFile) ? fs.readFileSync(pidsFile, 'utf8').split('\n').filter(Boolean).map(Number) : [];
  await until(() => pids().length === 3, 10_000, 'the installer and its two children');
  assert.ok(pids().every(alive));
  abort.abort();
  await assert.rejects(running, CommandCancelled);
  await until(() => !pids().some(alive), 10_000, 'every process of the tree to end');
}

describe('runProcessTree', () => {
  it('resolves when the command succeeds, and passes its output on', async () => {
    let output = '';
    await runProcessTree('bash', ['-c', 'echo installed'], { cwd: dir, onOutput: (text) => (output += text) });
    assert.equal(output, 'installed\n');
  });

  it('rejects with the command and its exit code when it fails', async () => {
    await assert.rejects(runProcessTree('bash', ['-c', 'exit 7'], { cwd: dir }), /bash -c exited with code 7/);
  });

  it('cancel ends the command and every process it started', { skip: process.platform === 'win32' }, () =>
    cancelAndCheck('term', false),
  );

  it(
    'cancel ends even children that ignore SIGTERM (SIGKILL after a grace period)',
    { skip: process.platform === 'win32' },
    () => cancelAndCheck('stubborn', true),
  );
});
