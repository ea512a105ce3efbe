import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { readGitInfo } from '../../extension/runs/gitInfo';

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=T', ...args], { cwd, encoding: 'utf8' });

function repoWithModel(): { repo: string; model: string } {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorscope-git-'));
  git(repo, 'init', '-q', '-b', 'main');
  fs.mkdirSync(path.join(repo, 'models'));
  const model = path.join(repo, 'models', 'model.ts');
  fs.writeFileSync(model, 'export const units = 64;\n');
  fs.writeFileSync(path.join(repo, 'other.ts'), 'x\n');
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'first');
  return { repo, model };
}

describe('git info', () => {
  it('returns the commit, the branch and an empty diff for an unchanged model file', async () => {
    const { repo, model } = repoWithModel();
    const info = await readGitInfo(model);
    assert.deepEqual(info, { commit: git(repo, 'rev-parse', 'HEAD').trim(), branch: 'main', diff: '' });
  });

  it('returns the diff of the model file only, against HEAD, staged or not', async () => {
    const { repo, model } = repoWithModel();
    fs.writeFileSync(model, 'export const units = 128;\n');
    fs.writeFileSync(path.join(repo, 'other.ts'), 'changed\n');
    const info = await readGitInfo(model);
    assert.match(info?.diff ?? '', /^-export const units = 64;$/m);
    assert.match(info?.diff ?? '', /^\+export const units = 128;$/m);
    assert.doesNotMatch(info?.diff ?? '', /other\.ts/);
    git(repo, 'add', model);
    assert.match((await readGitInfo(model))?.diff ?? '', /units = 128/);
  });

  it('reports no branch on a detached HEAD and cuts a huge diff', async () => {
    const { repo, model } = repoWithModel();
    git(repo, 'checkout', '-q', '--detach');
    fs.writeFileSync(model, 'x'.repeat(5000) + '\n');
    const info = await readGitInfo(model, { maxDiffLength: 1000 });
    assert.equal(info?.branch, null);
    assert.ok((info?.diff.length ?? 0) <= 1000);
    assert.match(info?.diff ?? '', /diff truncated by Tensorscope/);
  });

  it('is undefined outside a git repository, before the first commit, and when git is missing', async () => {
    const plain = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorscope-nogit-'));
    fs.writeFileSync(path.join(plain, 'model.ts'), '');
    assert.equal(await readGitInfo(path.join(plain, 'model.ts')), undefined);
    git(plain, 'init', '-q');
    assert.equal(await readGitInfo(path.join(plain, 'model.ts')), undefined);
    const { model } = repoWithModel();
    assert.equal(await readGitInfo(model, { gitPath: '/nonexistent/git' }), undefined);
  });
});
