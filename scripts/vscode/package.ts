/**
 * `npm run package`: builds and writes tensorscope-<version>.vsix for this machine at the
 * repository root. `npm run package -- --all-targets` writes one tensorscope-<target>-<version>.vsix
 * per Marketplace platform, `--target <t>` (repeatable) the ones named; each is checked after it
 * is packed (its own esbuild binary, no other platform's, no native TensorFlow).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { VSCE_TARGETS } from './esbuildPlatforms';
import { log } from './shell';
import { packageVsixes, REPO_ROOT, vsceTarget } from './vsix';
import { vsixProblems } from './vsixContents';

export function targetsFromArguments(args: readonly string[]): string[] {
  if (args.includes('--all-targets')) return Object.keys(VSCE_TARGETS);
  const named = args.flatMap((arg, i) => (arg === '--target' ? [args[i + 1] ?? ''] : []));
  const unknown = named.filter((target) => !(target in VSCE_TARGETS));
  if (unknown.length > 0)
    throw new Error(`unknown target ${unknown.join(', ')}; the targets are ${Object.keys(VSCE_TARGETS).join(', ')}`);
  return named.length > 0 ? named : [vsceTarget()];
}

async function main(): Promise<void> {
  const targets = targetsFromArguments(process.argv.slice(2));
  const files = await packageVsixes(targets);
  let failed = false;
  files.forEach((file, i) => {
    const target = targets[i] as string;
    const megabytes = (fs.statSync(file).size / 1024 / 1024).toFixed(1);
    const problems = target in VSCE_TARGETS ? vsixProblems(file, target) : [];
    log(
      `packaged ${path.relative(REPO_ROOT, file)} (${target}, ${megabytes} MB)${problems.length ? `: ${problems.join('; ')}` : ''}`,
    );
    failed ||= problems.length > 0;
  });
  if (failed) throw new Error('a package does not hold what its platform needs (above)');
}

if (require.main === module)
  main().catch((error: unknown) => {
    log(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
