/**
 * Bundles the user's model file with esbuild (TypeScript, source maps kept) into a temporary
 * CommonJS file whose TensorFlow.js imports resolve to the trainer's own instance, so a model
 * file in a folder with no node_modules trains.
 */
import * as fs from 'node:fs';
import { isBuiltin } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Message, Plugin } from 'esbuild';
import type { SourceLocation } from '../protocol/model';
import { TrainerFailure } from './failure';
import { importMetaValues } from './script/importMetaUrl';
import { runAsMainModule } from './script/mainModule';
import type { TensorFlow } from './tensorflow';

const TENSORFLOW_GLOBAL = '__tensorscopeTensorFlow';
const TENSORFLOW_IMPORT = /^@tensorflow\/tfjs(-node|-node-gpu|-core|-layers|-data|-backend-cpu)?(\/.*)?$/;

const sharedTensorFlow: Plugin = {
  name: 'tensorscope-shared-tensorflow',
  setup(build) {
    build.onResolve({ filter: TENSORFLOW_IMPORT }, (args) => ({ path: args.path, namespace: 'tensorscope-tf' }));
    build.onLoad({ filter: /.*/, namespace: 'tensorscope-tf' }, () => ({
      contents: `module.exports = globalThis.${TENSORFLOW_GLOBAL};`,
      loader: 'js',
    }));
  },
};

/**
 * Packages the model imports (e.g. `mnist`, 21 MB of JSON) are loaded from where they are
 * installed instead of being copied into the bundle: by absolute path, because the bundle lives
 * in a temporary folder. Packages that Node cannot require (ESM-only) are bundled as before.
 */
const installedPackagesStayExternal: Plugin = {
  name: 'tensorscope-installed-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.kind !== 'import-statement' && args.kind !== 'require-call') return undefined;
      if (args.path.startsWith('node:') || isBuiltin(args.path) || TENSORFLOW_IMPORT.test(args.path)) return undefined;
      try {
        return { path: require.resolve(args.path, { paths: [args.resolveDir] }), external: true };
      } catch {
        return undefined; // let esbuild resolve it, or report it as missing with file and line
      }
    });
  },
};

export interface BundledModel {
  /** The bundle on disk; removed by `dispose`. */
  file: string;
  dispose(): void;
}

function toLocation(message: Message, workingDir: string): SourceLocation | undefined {
  if (!message.location) return undefined;
  return {
    file: path.resolve(workingDir, message.location.file),
    line: message.location.line,
    column: message.location.column + 1,
  };
}

function buildFailure(errors: Message[], workingDir: string): TrainerFailure {
  const [first] = errors;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''})` : '';
  const location = first && toLocation(first, workingDir);
  const unresolved = first?.text.startsWith('Could not resolve');
  return new TrainerFailure(
    'build',
    `${first?.text ?? 'The model file could not be built'}${more}`,
    location,
    unresolved
      ? 'Install the missing package in the model’s folder (npm install <package>). TensorFlow.js imports need nothing installed.'
      : 'Fix the syntax error and train again.',
  );
}

export async function bundleModel(modelFile: string): Promise<BundledModel> {
  if (!fs.existsSync(modelFile)) {
    throw new TrainerFailure('contract', `Model file not found: ${modelFile}`);
  }
  const esbuild = await import('esbuild');
  const workingDir = path.dirname(modelFile);
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorscope-model-'));
  const outFile = path.join(outDir, `${path.basename(modelFile).replace(/\.[cm]?[jt]sx?$/, '')}.bundle.js`);
  const dispose = () => fs.rmSync(outDir, { recursive: true, force: true });
  try {
    const result = await esbuild.build({
      entryPoints: [modelFile],
      absWorkingDir: workingDir,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'inline',
      sourcesContent: false,
      outfile: outFile,
      logLevel: 'silent',
      plugins: [sharedTensorFlow, installedPackagesStayExternal, importMetaValues],
    });
    if (result.errors.length > 0) throw buildFailure(result.errors, workingDir);
    // esbuild keeps a service process alive for more builds; a trainer builds once, so free it for training.
    void esbuild.stop();
  } catch (error) {
    dispose();
    const errors = (error as { errors?: Message[] }).errors;
    if (Array.isArray(errors) && errors.length > 0) throw buildFailure(errors, workingDir);
    throw error;
  }
  return { file: outFile, dispose };
}

/**
 * Runs a bundled model file as the main module (see `runAsMainModule`) with the trainer's
 * TensorFlow.js behind its imports.
 */
export function requireBundledModel(
  bundle: BundledModel,
  tf: TensorFlow,
  script: { path: string; arguments: readonly string[] },
): Record<string, unknown> {
  (globalThis as Record<string, unknown>)[TENSORFLOW_GLOBAL] = tf;
  return runAsMainModule(bundle.file, { scriptPath: script.path, scriptArguments: script.arguments }) as Record<
    string,
    unknown
  >;
}
