/**
 * The platform packages of esbuild a .vsix carries. The trainer bundles model files with
 * esbuild's native binary, which npm installs only for the machine it runs on, so each
 * Marketplace target (`vsce --target`) gets its own `@esbuild/<platform>` package, fetched from
 * the npm registry with `npm pack` (through npm's cache) and kept in Tensorscope's cache.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheRoot, run } from './shell';

/** vsce's target → esbuild's platform package. esbuild's Linux binaries are static, so Alpine uses them. */
export const VSCE_TARGETS: Readonly<Record<string, string>> = {
  'linux-x64': '@esbuild/linux-x64',
  'linux-arm64': '@esbuild/linux-arm64',
  'alpine-x64': '@esbuild/linux-x64',
  'darwin-x64': '@esbuild/darwin-x64',
  'darwin-arm64': '@esbuild/darwin-arm64',
  'win32-x64': '@esbuild/win32-x64',
};

/** Where a platform package keeps its binary, relative to the package folder. */
export function esbuildBinaryPath(packageName: string): string {
  return packageName.startsWith('@esbuild/win32-') ? 'esbuild.exe' : path.join('bin', 'esbuild');
}

/** The platform package for a target (for this machine's own target, esbuild's name for it). */
export function esbuildPackageFor(target: string): string {
  return VSCE_TARGETS[target] ?? `@esbuild/${target}`;
}

/** The version of esbuild installed in `root`: every platform package must match it exactly. */
export function esbuildVersion(root: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'esbuild', 'package.json'), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

/** The unpacked `@esbuild/<platform>` package at `version`, fetched once and cached; returns its folder. */
export async function fetchEsbuildPlatform(packageName: string, version: string): Promise<string> {
  const cache = path.join(cacheRoot(), 'esbuild-platforms', version);
  const unpacked = path.join(cache, packageName.replace('/', '+'));
  if (fs.existsSync(path.join(unpacked, esbuildBinaryPath(packageName)))) return unpacked;
  fs.mkdirSync(cache, { recursive: true });
  const tarball = (await run('npm', ['pack', `${packageName}@${version}`, '--silent', '--pack-destination', cache]))
    .trim()
    .split('\n')
    .pop();
  if (!tarball) throw new Error(`npm pack ${packageName}@${version} named no tarball`);
  const partial = `${unpacked}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true });
  await run('tar', ['-xzf', path.join(cache, tarball), '-C', partial, '--strip-components=1']);
  fs.rmSync(path.join(cache, tarball), { force: true });
  fs.rmSync(unpacked, { recursive: true, force: true });
  fs.renameSync(partial, unpacked);
  return unpacked;
}
