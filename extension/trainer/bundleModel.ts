/**
 * Bundles the user's model file with esbuild (TypeScript, source maps kept) into a temporary
 * CommonJS file whose TensorFlow.js imports resolve to the trainer's own instance, so a model
 * file in a folder with no node_modules trains. A file with top-level await, which CommonJS
 * cannot hold, is bundled as an ES module instead (see esmModelFile).
 */
import * as fs from 'node:fs';
import { isBuiltin } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BuildResult, Loader, Message, Plugin } from 'esbuild';
import type { SourceLocation } from '../protocol/model';
import { esmBanner, importBundledModel } from './esmModelFile';
import { TrainerFailure } from './failure';
import { withImportMetaValues } from './script/importMetaUrl';
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

type BundleFormat = 'cjs' | 'esm';
const INSTALLED_NAMESPACE = 'tensorscope-installed';

/**
 * Packages the model imports (e.g. `mnist`, 21 MB of JSON) are loaded from where they are
 * installed instead of being copied into the bundle: by absolute path, because the bundle lives
 * in a temporary folder. Packages that Node cannot require (ESM-only) are bundled as before.
 * An ES module bundle requires them from a small CommonJS module of its own rather than
 * importing an absolute path (not a valid specifier on Windows; named imports of CommonJS).
 */
function installedPackagesStayExternal(format: BundleFormat): Plugin {
  return {
    name: 'tensorscope-installed-packages',
    setup(build) {
      build.onResolve({ filter: /.*/, namespace: INSTALLED_NAMESPACE }, (args) => ({
        path: args.path,
        external: true,
      }));
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.kind !== 'import-statement' && args.kind !== 'require-call') return undefined;
        if (args.path.startsWith('node:') || isBuiltin(args.path) || TENSORFLOW_IMPORT.test(args.path))
          return undefined;
        let installed: string;
        try {
          installed = require.resolve(args.path, { paths: [args.resolveDir] });
        } catch {
          return undefined; // let esbuild resolve it, or report it as missing with file and line
        }
        return format === 'cjs'
          ? { path: installed, external: true }
          : { path: installed, namespace: INSTALLED_NAMESPACE };
      });
      build.onLoad({ filter: /.*/, namespace: INSTALLED_NAMESPACE }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(args.path)});`,
        loader: 'js',
      }));
    },
  };
}

/**
 * Each file of the bundle sees its own `__dirname`, `__filename` and `import.meta.url` (the bundle
 * itself lives in a temporary folder, so a data file read next to the model would not be found).
 * `import.meta.*` is replaced by its value; `__dirname`/`__filename` are defined to per-file
 * variables that a prologue on line 1 declares (a file may declare its own, which define leaves
 * alone). No line moves, so stack frames and layer source lines still map to the right lines.
 */
const MODULE_LOCATION = {
  __dirname: '__tensorscope_dirname',
  __filename: '__tensorscope_filename',
};
const SOURCE_LOADERS: Record<string, Loader> = {
  js: 'js',
  mjs: 'js',
  cjs: 'js',
  jsx: 'jsx',
  ts: 'ts',
  mts: 'ts',
  cts: 'ts',
  tsx: 'tsx',
};
const SOURCE_FILE = /\.([cm]?[jt]sx?)$/;
const LEADING_DIRECTIVE = /^(#![^\n]*|\s*(['"])use strict\2;?)/;

function locationPrologue(file: string): string {
  const dirname = JSON.stringify(path.dirname(file));
  const filename = JSON.stringify(file);
  return `var __tensorscope_dirname = ${dirname}, __tensorscope_filename = ${filename};`;
}

function withPrologue(contents: string, prologue: string): string {
  const directive = LEADING_DIRECTIVE.exec(contents)?.[0] ?? '';
  // A shebang becomes a comment after the prologue; "use strict" stays first.
  const head = directive.startsWith('#!') ? `${prologue} //${directive.slice(2)}` : `${directive}${prologue}`;
  return head + contents.slice(directive.length);
}

const ownModuleLocation: Plugin = {
  name: 'tensorscope-module-location',
  setup(build) {
    build.onLoad({ filter: SOURCE_FILE, namespace: 'file' }, async (args) => {
      const loader = SOURCE_LOADERS[SOURCE_FILE.exec(args.path)?.[1] ?? 'js'];
      const contents = await fs.promises.readFile(args.path, 'utf8');
      return { contents: withPrologue(withImportMetaValues(contents, args.path), locationPrologue(args.path)), loader };
    });
  },
};

const TOP_LEVEL_AWAIT = /^Top-level await is currently not supported/;
/** esbuild's warning for a file that uses `module`/`exports` yet is an ES module (because of its top-level await). */
const COMMONJS_IN_ESM =
  /^The CommonJS "(module|exports)" variable is treated as a global variable in an ECMAScript module/;

export interface BundledModel {
  /** The bundle on disk; removed by `dispose`. */
  file: string;
  /** 'esm' for a file with top-level await. */
  format: BundleFormat;
  /** The names the entry exports (known for an ES module bundle). */
  exports: readonly string[];
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
  if (first && TOP_LEVEL_AWAIT.test(first.text))
    return new TrainerFailure(
      'build',
      'Top-level await is not supported in a CommonJS model file (one that uses module.exports or exports): Node allows it only in ES modules.',
      location,
      'Use export instead of module.exports, or move the awaited code into an async function: createModel() and loadData() may be async, and a script can wrap its code in `async function main() { … } main();`.',
    );
  return new TrainerFailure(
    'build',
    `${first?.text ?? 'The model file could not be built'}${more}`,
    location,
    unresolved
      ? 'Install the missing package in the model’s folder (npm install <package>). TensorFlow.js imports need nothing installed.'
      : 'Fix the syntax error and train again.',
  );
}

function hasTopLevelAwait(error: unknown): boolean {
  const errors = (error as { errors?: Message[] }).errors;
  return Array.isArray(errors) && errors.some((message) => TOP_LEVEL_AWAIT.test(message.text));
}

async function buildBundle(modelFile: string, outFile: string, format: BundleFormat): Promise<BuildResult> {
  const esbuild = await import('esbuild');
  return esbuild.build({
    entryPoints: [modelFile],
    absWorkingDir: path.dirname(modelFile),
    bundle: true,
    platform: 'node',
    format,
    target: 'node20',
    sourcemap: 'inline',
    sourcesContent: false,
    outfile: outFile,
    logLevel: 'silent',
    metafile: format === 'esm',
    define: MODULE_LOCATION,
    ...(format === 'esm' && { banner: { js: esmBanner(modelFile) } }),
    plugins: [sharedTensorFlow, installedPackagesStayExternal(format), ownModuleLocation],
  });
}

/** As CommonJS; as an ES module only when esbuild refuses top-level await in CommonJS. */
async function buildEitherFormat(
  modelFile: string,
  outBase: string,
): Promise<{ file: string; format: BundleFormat; result: BuildResult }> {
  try {
    const file = `${outBase}.bundle.js`;
    return { file, format: 'cjs', result: await buildBundle(modelFile, file, 'cjs') };
  } catch (error) {
    if (!hasTopLevelAwait(error)) throw error;
    const file = `${outBase}.bundle.mjs`;
    const result = await buildBundle(modelFile, file, 'esm');
    // A CommonJS file with top-level await: not an ES module either (Node refuses it too).
    if (result.warnings.some((warning) => COMMONJS_IN_ESM.test(warning.text))) throw error;
    return { file, format: 'esm', result };
  }
}

export async function bundleModel(modelFile: string): Promise<BundledModel> {
  if (!fs.existsSync(modelFile)) {
    throw new TrainerFailure('contract', `Model file not found: ${modelFile}`);
  }
  const workingDir = path.dirname(modelFile);
  // In the scratch folder of the trainer's supervisor when it has one: removed even if the trainer is killed.
  const scratch = process.env.TENSORSCOPE_SCRATCH_DIR ?? os.tmpdir();
  const outDir = fs.mkdtempSync(path.join(scratch, 'tensorscope-model-'));
  const outBase = path.join(outDir, path.basename(modelFile).replace(/\.[cm]?[jt]sx?$/, ''));
  const dispose = () => fs.rmSync(outDir, { recursive: true, force: true });
  try {
    const { file, format, result } = await buildEitherFormat(modelFile, outBase);
    if (result.errors.length > 0) throw buildFailure(result.errors, workingDir);
    // esbuild keeps a service process alive for more builds; a trainer builds once, so free it for training.
    void (await import('esbuild')).stop();
    // The one output of the one entry (keyed by a relative path with forward slashes, whatever the OS).
    const output = Object.values(result.metafile?.outputs ?? {}).find((built) => built.entryPoint !== undefined);
    return { file, format, exports: output?.exports ?? [], dispose };
  } catch (error) {
    dispose();
    const errors = (error as { errors?: Message[] }).errors;
    if (Array.isArray(errors) && errors.length > 0) throw buildFailure(errors, workingDir);
    throw error;
  }
}

/**
 * Runs a bundled model file as the main module (see `runAsMainModule`, `importBundledModel`)
 * with the trainer's TensorFlow.js behind its imports.
 */
export async function runBundledModel(
  bundle: BundledModel,
  tf: TensorFlow,
  script: { path: string; arguments: readonly string[] },
): Promise<Record<string, unknown>> {
  (globalThis as Record<string, unknown>)[TENSORFLOW_GLOBAL] = tf;
  const options = { scriptPath: script.path, scriptArguments: script.arguments };
  if (bundle.format === 'esm') return importBundledModel(bundle.file, bundle.exports, options);
  return runAsMainModule(bundle.file, options) as Record<string, unknown>;
}
