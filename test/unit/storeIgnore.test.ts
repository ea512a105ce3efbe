/** The first run of a workspace keeps `.tensorscope/` out of git, checked with real git. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { RunWriter } from '../../extension/runs/runWriter';
import { STORE_GITIGNORE } from '../../extension/runs/storeIgnore';

let workspace: string;

beforeEach(() => {
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorscope-ignore-'));
});
afterEach(() => fs.rmSync(workspace, { recursive: true, force: true }));

function git(...args: string[]): { status: number | null; stdout: string } {
  const result = spawnSync('git', args, { cwd: workspace, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout };
}

describe('.tensorscope/.gitignore', () => {
  it('is written by the first run, and git then ignores every run file', () => {
    assert.equal(git('init', '-q').status, 0);
    fs.writeFileSync(path.join(workspace, 'model.ts'), 'export {};\n');
    const writer = RunWriter.create(workspace, path.join(workspace, 'model.ts'), 'train');
    writer.append({ type: 'epoch', epoch: 1, loss: 0.5 }, true);
    assert.equal(fs.readFileSync(path.join(workspace, '.tensorscope', '.gitignore'), 'utf8'), STORE_GITIGNORE);
    assert.equal(git('status', '--porcelain', '--untracked-files=all').stdout, '?? model.ts\n');
  });

  it('is left as the user edited it', () => {
    fs.mkdirSync(path.join(workspace, '.tensorscope'));
    const edited = '# keep runs in git\n';
    fs.writeFileSync(path.join(workspace, '.tensorscope', '.gitignore'), edited);
    RunWriter.create(workspace, path.join(workspace, 'model.ts'), 'train');
    RunWriter.create(workspace, path.join(workspace, 'model.ts'), 'train');
    assert.equal(fs.readFileSync(path.join(workspace, '.tensorscope', '.gitignore'), 'utf8'), edited);
  });
});
