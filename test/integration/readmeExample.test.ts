import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { assertBuilt, bareFolder, onlyRun, REPO_ROOT, runCli } from './harness';

before(assertBuilt);

/** The model file the README documents: the first TypeScript block under "Write a model file". */
function readmeModelFile(): string {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Write a model file'));
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('README.md has no ```ts block under "## Write a model file"');
  return block;
}

describe('the README', () => {
  it('documents a model file that trains as written, from a bare folder, with falling loss', () => {
    const dir = bareFolder({ 'model.ts': readmeModelFile() });
    const result = runCli(['train', 'model.ts', '--epochs', '5'], dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const run = onlyRun(dir);
    assert.equal(run.info.status, 'completed');
    const losses = run.epochs.map((epoch) => epoch.logs.loss ?? Number.NaN);
    assert.ok((losses.at(-1) ?? Infinity) < (losses[0] ?? 0), `loss fell: ${losses.join(' → ')}`);
    assert.ok(run.epochs.every((epoch) => epoch.logs.val_loss !== undefined && epoch.logs.acc !== undefined));
    assert.equal(runCli(['evaluate', 'model.ts'], dir).code, 0, 'evaluate scores the test split');
  });
});
