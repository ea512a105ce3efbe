/**
 * A model file with top-level `await` cannot be bundled as CommonJS; it is bundled as an ES
 * module and imported instead. Its `require` (installed packages, the shared TensorFlow.js)
 * comes from `createRequire` on the model file, so packages resolve from the model's folder.
 *
 * The import of a module with top-level await settles only once all of its top-level code ran:
 * for a script, after its whole training loop. A script is therefore taken as loaded once its
 * synchronous part ran (its first `await`), as `require` of a CommonJS script returns then; its
 * fits go on under the script-mode hooks, and an error it throws later is left unhandled, as
 * an async `main()`'s would be, for script mode to report.
 */
import { pathToFileURL } from 'node:url';
import { setScriptArgv, type MainModuleOptions } from './script/mainModule';

const YIELDED = '__tensorscopeModelYielded';

/**
 * First in the bundle: `require` for the model's folder, and a microtask that runs as soon as the
 * module's top-level code first yields (or ends), before any awaited continuation.
 */
export function esmBanner(modelFile: string): string {
  return [
    `import { createRequire as __tensorscopeCreateRequire } from 'node:module';`,
    // esbuild's `__require` (external packages, computed requires) calls the `require` in scope.
    `const require = __tensorscopeCreateRequire(${JSON.stringify(modelFile)});`,
    `queueMicrotask(() => globalThis.${YIELDED}?.());`,
  ].join(' ');
}

/** A file that exports the contract (named or default) is awaited whole; anything else is a script. */
function exportsContract(exportNames: readonly string[]): boolean {
  return exportNames.some((name) => name === 'createModel' || name === 'loadData' || name === 'default');
}

/**
 * Imports the ES module bundle as the main script. Module mode: its exports once its top-level
 * code is done. Script: no exports, once its synchronous part ran. Rejects with an error thrown
 * before then.
 */
export async function importBundledModel(
  bundleFile: string,
  exportNames: readonly string[],
  options: MainModuleOptions,
): Promise<Record<string, unknown>> {
  setScriptArgv(options);
  const globals = globalThis as { [YIELDED]?: () => void };
  const firstYield = new Promise<void>((resolve) => {
    // After the microtasks: an error thrown before the first await has rejected the import by then.
    globals[YIELDED] = () => setImmediate(resolve);
  });
  try {
    const imported = import(pathToFileURL(bundleFile).href) as Promise<Record<string, unknown>>;
    if (exportsContract(exportNames)) return await imported;
    let failure: { error: unknown } | undefined;
    const settled = imported.then(
      () => undefined,
      (error: unknown) => void (failure = { error }),
    );
    await Promise.race([firstYield, settled]);
    if (failure) throw failure.error;
    // Errors after that are the script's own unhandled ones, as with an async main().
    imported.catch((error: unknown) => Promise.reject(error));
    return {};
  } finally {
    globals[YIELDED] = undefined;
  }
}
