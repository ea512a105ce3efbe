/**
 * The .vsix of every Marketplace platform, packed from the built extension as `npm run package --
 * --all-targets` packs them: each holds the extension, its manifest strings and its own esbuild
 * binary (no other platform's, no native TensorFlow), and says its platform in its manifest.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { esbuildBinaryPath, VSCE_TARGETS } from '../../scripts/vscode/esbuildPlatforms';
import { targetsFromArguments } from '../../scripts/vscode/package';
import { packageVsixes } from '../../scripts/vscode/vsix';
import { listZip, vsixProblems } from '../../scripts/vscode/vsixContents';
import { assertBuilt } from './harness';

const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorscope-vsix-targets-'));
const targets = targetsFromArguments(['--all-targets']);
let files: string[] = [];

before(async () => {
  assertBuilt();
  files = await packageVsixes(targets, { build: false, outDir });
});
after(() => fs.rmSync(outDir, { recursive: true, force: true }));

describe('a .vsix per platform', () => {
  it('covers linux, alpine, macOS and Windows on x64 and arm64 where esbuild has them', () => {
    for (const target of ['linux-x64', 'linux-arm64', 'alpine-x64', 'darwin-x64', 'darwin-arm64', 'win32-x64'])
      assert.ok(targets.includes(target), target);
  });

  for (const target of Object.keys(VSCE_TARGETS)) {
    it(`${target}: the extension, its strings and exactly its own esbuild binary`, () => {
      const file = files[targets.indexOf(target)] as string;
      assert.match(path.basename(file), new RegExp(`^tensorscope-${target}-`));
      assert.deepEqual(vsixProblems(file, target), []);
      const esbuild = VSCE_TARGETS[target] as string;
      const binary = listZip(file).find(
        (entry) => entry.name === `extension/node_modules/${esbuild}/${esbuildBinaryPath(esbuild)}`,
      );
      assert.ok(binary && binary.size > 5_000_000, `${esbuild}'s binary is the real executable`);
    });
  }

  it('finds what is wrong with a package checked against another platform', () => {
    const linux = files[targets.indexOf('linux-x64')] as string;
    const problems = vsixProblems(linux, 'win32-x64');
    assert.ok(
      problems.some((problem) => problem.includes('@esbuild/win32-x64/esbuild.exe')),
      problems.join('\n'),
    );
    assert.ok(problems.some((problem) => problem.includes("another platform's @esbuild/linux-x64")));
    assert.ok(problems.some((problem) => problem.includes('TargetPlatform="win32-x64"')));
  });

  it('rejects a target the Marketplace does not have', () => {
    assert.throws(() => targetsFromArguments(['--target', 'plan9-x64']), /unknown target plan9-x64/);
  });
});
