/**
 * Finds and loads TensorFlow.js for the trainer, the way the ESLint extension finds the
 * workspace's eslint: the model's own workspace first (tfjs-node-gpu, then tfjs-node), then
 * the copies Tensorscope ships or installed, then the pure-JS package.
 */
import * as path from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import type { LayersModel } from '@tensorflow/tfjs';
import type { BackendInfo, BackendPreference } from '../protocol/model';
import { chooseFallbackBackend } from './backendChoice';
import { TrainerFailure } from './failure';
import { loadModule } from './loadModule';
import { silenceCpuBackendBanner } from './quietTensorFlow';

export type TensorFlow = typeof tfjs;

export interface LoadedTensorFlow {
  tf: TensorFlow;
  info: BackendInfo;
}

const NATIVE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;
const PURE_JS_PACKAGE = '@tensorflow/tfjs';
const WASM_PACKAGE = '@tensorflow/tfjs-backend-wasm';

interface Candidate {
  packageName: string;
  entry: string;
  origin: string;
}

/** Folders to resolve packages from, most specific first. */
export function searchRoots(modelDir: string): { dir: string; origin: string }[] {
  const roots = [{ dir: modelDir, origin: 'the model’s workspace' }];
  const extra = process.env.TENSORSCOPE_NATIVE_DIR;
  if (extra) roots.push({ dir: extra, origin: 'Tensorscope’s installed native backend' });
  roots.push({ dir: __dirname, origin: 'Tensorscope' });
  return roots;
}

function resolveCandidate(packageName: string, roots: { dir: string; origin: string }[]): Candidate | undefined {
  for (const root of roots) {
    try {
      return { packageName, entry: require.resolve(packageName, { paths: [root.dir] }), origin: root.origin };
    } catch {
      // not installed there
    }
  }
  return undefined;
}

function packageVersion(entry: string, packageName: string): string {
  const marker = `${path.sep}node_modules${path.sep}${packageName.split('/').join(path.sep)}${path.sep}`;
  const packageDir = entry.slice(0, entry.indexOf(marker) + marker.length);
  try {
    return (loadModule(path.join(packageDir, 'package.json')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function describe(candidate: Candidate, name: BackendInfo['name'], reason: string): BackendInfo {
  return {
    name,
    native: name === 'tensorflow' ? 'yes' : 'no',
    packageName: candidate.packageName,
    packagePath: candidate.entry,
    version: packageVersion(candidate.entry, candidate.packageName),
    reason,
  };
}

/** Requires a package while muting the "install tfjs-node for speed" banner pure tfjs prints. */
function quietRequire(entry: string): unknown {
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    return loadModule(entry);
  } finally {
    console.warn = warn;
  }
}

function loadNative(roots: { dir: string; origin: string }[], problems: string[]): LoadedTensorFlow | undefined {
  for (const packageName of NATIVE_PACKAGES) {
    const candidate = resolveCandidate(packageName, roots);
    if (!candidate) continue;
    try {
      const tf = quietRequire(candidate.entry) as TensorFlow;
      if (tf.getBackend() === 'tensorflow') {
        return {
          tf,
          info: describe(candidate, 'tensorflow', `native TensorFlow from ${packageName} (${candidate.origin})`),
        };
      }
      problems.push(`${packageName} loaded but its backend is ${tf.getBackend()}`);
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      problems.push(`${packageName} (${candidate.origin}) failed to load: ${message}`);
    }
  }
  if (problems.length === 0) problems.push('@tensorflow/tfjs-node is not installed');
  return undefined;
}

async function loadPureJs(
  roots: { dir: string; origin: string }[],
  preference: BackendPreference,
  nativeProblems: string[],
): Promise<LoadedTensorFlow> {
  const candidate = resolveCandidate(PURE_JS_PACKAGE, roots);
  if (!candidate) {
    throw new TrainerFailure(
      'internal',
      'TensorFlow.js is not installed: neither @tensorflow/tfjs-node nor @tensorflow/tfjs could be found.',
      undefined,
      'Run `npm install` in the Tensorscope folder, or add @tensorflow/tfjs to your project.',
    );
  }
  const tf = quietRequire(candidate.entry) as TensorFlow;
  const why = nativeProblems.length > 0 ? ` Native TensorFlow is unavailable: ${nativeProblems.join('; ')}.` : '';
  const speedHint =
    ' Run "Tensorscope: Install Native Backend" (or add @tensorflow/tfjs-node to your project) for 7-370x faster training.';
  if (preference === 'wasm') {
    const wasm = resolveCandidate(WASM_PACKAGE, roots);
    if (wasm) {
      quietRequire(wasm.entry);
      if (await tf.setBackend('wasm')) {
        return { tf, info: describe(wasm, 'wasm', `WebAssembly backend, as configured.${why}`) };
      }
    }
  }
  if (preference === 'auto') {
    // Registered now, chosen once the model's layers are known (see chooseBackendForModel).
    const wasm = resolveCandidate(WASM_PACKAGE, roots);
    if (wasm) quietRequire(wasm.entry);
  }
  await tf.setBackend('cpu');
  silenceCpuBackendBanner(tf);
  const reason =
    preference === 'cpu'
      ? 'pure-JS cpu backend, as configured.'
      : `pure-JS cpu backend (slow fallback).${why}${speedHint}`;
  return { tf, info: describe(candidate, 'cpu', reason) };
}

function layerClassNames(model: LayersModel): string[] {
  return model.layers.flatMap((layer) =>
    layer instanceof Object && 'layers' in layer
      ? layerClassNames(layer as unknown as LayersModel)
      : [layer.getClassName()],
  );
}

/**
 * Without native TensorFlow, moves training to the fastest pure-JS backend that has every kernel
 * the model's training step needs (wasm trains an MLP ~5x faster than cpu, but cannot train
 * convolutions). Tensors already made on cpu move on first use. Returns the backend now in use.
 */
export async function chooseBackendForModel(
  loaded: LoadedTensorFlow,
  model: LayersModel,
  preference: BackendPreference,
): Promise<BackendInfo> {
  const { tf, info } = loaded;
  if (info.native === 'yes' || preference !== 'auto') return info;
  const available = tf.findBackendFactory('wasm') ? ['wasm', 'cpu'] : ['cpu'];
  const choice = chooseFallbackBackend({ available, layerClassNames: layerClassNames(model) });
  if (choice.backend !== 'wasm' || !(await tf.setBackend('wasm'))) {
    await tf.setBackend('cpu');
    silenceCpuBackendBanner(tf);
    return { ...info, reason: `${info.reason} ${choice.backend === 'cpu' ? choice.reason : ''}`.trim() };
  }
  return {
    ...info,
    name: 'wasm',
    packageName: WASM_PACKAGE,
    reason: `${choice.reason} ${info.reason.replace(/^pure-JS cpu backend \(slow fallback\)\.\s*/, '')}`.trim(),
  };
}

export async function loadTensorFlow(preference: BackendPreference, modelDir: string): Promise<LoadedTensorFlow> {
  const roots = searchRoots(modelDir);
  const problems: string[] = [];
  if (preference === 'auto' || preference === 'tensorflow') {
    const native = loadNative(roots, problems);
    if (native) return native;
    if (preference === 'tensorflow') {
      throw new TrainerFailure(
        'internal',
        `Native TensorFlow was requested but cannot load: ${problems.join('; ')}.`,
        undefined,
        'Set tensorscope.backend to "auto" to fall back to pure JS, or run "Tensorscope: Install Native Backend".',
      );
    }
  }
  return loadPureJs(roots, preference, problems);
}
