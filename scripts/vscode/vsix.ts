/**
 * Packages the extension as a .vsix with @vscode/vsce.
 *
 * vsce either packs every production dependency (`npm list --production`, which would pull in
 * @tensorflow/tfjs-node and its 600 MB of native files) or, with `--no-dependencies`, no
 * node_modules at all. The trainer needs a few packages at run time, so the extension is staged in
 * a temporary folder holding exactly the built files plus the dependency closure of the runtime
 * packages, and vsce packs that folder; `.vscodeignore` then trims what Node never loads.
 * Each platform's package (`vsce --target`) carries that platform's esbuild binary.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { L10N_DIR, writeL10nBundle } from '../l10nBundle';
import { esbuildPackageFor, esbuildVersion, fetchEsbuildPlatform } from './esbuildPlatforms';
import { log, run } from './shell';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Packages the extension must never ship (native, huge; found in the user's workspace instead). */
const NATIVE_PACKAGES = new Set(['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu']);
/** Shipped when installed: the wasm backend (the trainer uses it when present) and the TypeScript plugin the build writes. */
const OPTIONAL_RUNTIME_PACKAGES = ['@tensorflow/tfjs-backend-wasm', 'tensorscope-tfjs-types'];
const TOP_LEVEL_FILES = ['package.nls.json', 'README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore'];

interface PackageJson {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
  [key: string]: unknown;
}

function readPackageJson(dir: string): PackageJson {
  return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson;
}

/** Node's lookup: `node_modules/<name>` in `fromDir` and each folder above it, up to the repository. */
function findPackageDir(root: string, name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; dir.startsWith(root); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === root) break;
  }
  return undefined;
}

/** The packages the trainer loads at run time: `dependencies` minus native TensorFlow, plus optional extras. */
export function runtimeDependencies(root: string, manifest: PackageJson): Record<string, string> {
  const runtime: Record<string, string> = {};
  for (const [name, range] of Object.entries(manifest.dependencies ?? {})) {
    if (!NATIVE_PACKAGES.has(name)) runtime[name] = range;
  }
  for (const name of OPTIONAL_RUNTIME_PACKAGES) {
    const dir = findPackageDir(root, name, root);
    if (dir && !(name in runtime)) runtime[name] = readPackageJson(dir).version;
  }
  return runtime;
}

/** Folders of `roots` and everything they depend on (optional and peer dependencies when installed). */
function dependencyClosure(root: string, names: string[]): Set<string> {
  const found = new Set<string>();
  const queue = names.map((name) => ({ name, from: root, required: true }));
  for (let item = queue.shift(); item; item = queue.shift()) {
    const dir = findPackageDir(root, item.name, item.from);
    if (!dir) {
      if (item.required) throw new Error(`${item.name} is not installed (needed from ${item.from}); run npm ci`);
      continue;
    }
    if (found.has(dir)) continue;
    found.add(dir);
    const manifest = readPackageJson(dir);
    const next = (deps: Record<string, string> | undefined, required: boolean): void => {
      for (const name of Object.keys(deps ?? {})) queue.push({ name, from: dir, required });
    };
    next(manifest.dependencies, true);
    next(manifest.optionalDependencies, false);
    next(manifest.peerDependencies, false);
  }
  return found;
}

function copyPackage(root: string, packageDir: string, staging: string): void {
  const nested = path.join(packageDir, 'node_modules');
  fs.cpSync(packageDir, path.join(staging, path.relative(root, packageDir)), {
    recursive: true,
    filter: (source) => source !== nested,
  });
}

function stageManifest(staging: string, manifest: PackageJson, dependencies: Record<string, string>): void {
  const staged: PackageJson = { ...manifest, dependencies };
  delete staged.devDependencies;
  delete staged.scripts;
  delete staged.allowScripts;
  fs.writeFileSync(path.join(staging, 'package.json'), `${JSON.stringify(staged, null, 2)}\n`);
}

function stageFiles(root: string, staging: string, manifest: PackageJson): void {
  const main = path.join(root, String(manifest.main ?? 'dist/extension.js'));
  if (!fs.existsSync(main))
    throw new Error(`${path.relative(root, main)} is missing; build first (node esbuild.js --production)`);
  // Everything the build wrote (bundles, CSS), except source maps left by development builds.
  fs.cpSync(path.join(root, 'dist'), path.join(staging, 'dist'), {
    recursive: true,
    filter: (source) => !source.endsWith('.map'),
  });
  fs.cpSync(path.join(root, 'media'), path.join(staging, 'media'), { recursive: true });
  // The English message bundle, from the sources; translations beside it (l10n/bundle.l10n.<locale>.json) go too.
  if (fs.existsSync(path.join(root, L10N_DIR)))
    fs.cpSync(path.join(root, L10N_DIR), path.join(staging, L10N_DIR), { recursive: true });
  writeL10nBundle(root, path.join(staging, L10N_DIR));
  for (const file of TOP_LEVEL_FILES) {
    const source = path.join(root, file);
    if (fs.existsSync(source)) fs.cpSync(source, path.join(staging, file));
    else log(`warning: ${file} is missing; the package will not have it`);
  }
}

/** vsce's platform name for this machine: the esbuild binary shipped inside is platform-specific. */
export function vsceTarget(): string {
  return `${process.platform}-${process.arch}`;
}

export interface PackageOptions {
  /** The extension's folder (default: this repository). */
  root?: string;
  /** Run the production build first (default true). */
  build?: boolean;
  /** Where the .vsix goes (default: the repository root). */
  outDir?: string;
}

/** The installed esbuild platform package when it is the one wanted, else the one fetched from npm. */
async function esbuildPlatformDir(root: string, packageName: string, version: string): Promise<string> {
  const installed = path.join(root, 'node_modules', packageName);
  const fits = fs.existsSync(path.join(installed, 'package.json')) && readPackageJson(installed).version === version;
  return fits ? installed : fetchEsbuildPlatform(packageName, version);
}

/** Puts exactly `target`'s esbuild platform package into the staged node_modules. */
async function stageEsbuildPlatform(root: string, staging: string, target: string): Promise<void> {
  const scope = path.join(staging, 'node_modules', '@esbuild');
  fs.rmSync(scope, { recursive: true, force: true });
  const packageName = esbuildPackageFor(target);
  const source = await esbuildPlatformDir(root, packageName, esbuildVersion(root));
  fs.cpSync(source, path.join(staging, 'node_modules', packageName), { recursive: true });
}

/**
 * Builds (unless told not to), stages once and packs one .vsix per target; returns their paths.
 * One target writes `<name>-<version>.vsix`; several write `<name>-<target>-<version>.vsix` each.
 */
export async function packageVsixes(targets: readonly string[], options: PackageOptions = {}): Promise<string[]> {
  const root = options.root ?? REPO_ROOT;
  if (options.build ?? true) await run(process.execPath, ['esbuild.js', '--production'], { cwd: root });
  const manifest = readPackageJson(root);
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorscope-vsix-'));
  const files: string[] = [];
  try {
    const dependencies = runtimeDependencies(root, manifest);
    stageManifest(staging, manifest, dependencies);
    stageFiles(root, staging, manifest);
    for (const dir of dependencyClosure(root, Object.keys(dependencies)))
      if (!path.relative(root, dir).split(path.sep).includes('@esbuild')) copyPackage(root, dir, staging);
    const vsce = path.join(path.dirname(require.resolve('@vscode/vsce/package.json')), 'vsce');
    for (const target of targets) {
      const name = targets.length === 1 ? manifest.name : `${manifest.name}-${target}`;
      const outFile = path.join(options.outDir ?? root, `${name}-${manifest.version}.vsix`);
      await stageEsbuildPlatform(root, staging, target);
      await run(process.execPath, [vsce, 'package', '--target', target, '--out', outFile], { cwd: staging });
      files.push(outFile);
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return files;
}

/** Builds (unless told not to), stages and packs the extension for this machine; returns the .vsix path. */
export async function packageVsix(options: PackageOptions = {}): Promise<string> {
  const [file] = await packageVsixes([vsceTarget()], options);
  return file as string;
}
