/**
 * A TypeScript server plugin: in a folder with no node_modules, `import * as tf from
 * '@tensorflow/tfjs'` has no types, and the editor underlines it although the model trains
 * (the trainer supplies TensorFlow.js). When the workspace cannot resolve a TensorFlow.js
 * import, this resolves it to the TensorFlow.js that ships with Tensorscope. Imports the
 * workspace can resolve are left alone.
 */
import * as path from 'node:path';
import type * as ts from 'typescript/lib/tsserverlibrary';

const TENSORFLOW_IMPORT = /^@tensorflow\/tfjs(-node|-node-gpu|-core|-layers|-data)?$/;
/** tfjs-node's own types are not shipped; its API is tfjs's (plus tf.node). */
const SHIPPED_EQUIVALENT: Record<string, string> = {
  '@tensorflow/tfjs-node': '@tensorflow/tfjs',
  '@tensorflow/tfjs-node-gpu': '@tensorflow/tfjs',
};

/** The extension's folder: this file is node_modules/tensorscope-tfjs-types/index.js inside it. */
const EXTENSION_ROOT = path.resolve(__dirname, '..', '..');

type ResolveLiterals = NonNullable<ts.LanguageServiceHost['resolveModuleNameLiterals']>;

function init(modules: { typescript: typeof ts }): ts.server.PluginModule {
  const typescript = modules.typescript;
  const fromExtension = (name: string, options: ts.CompilerOptions): ts.ResolvedModuleWithFailedLookupLocations =>
    typescript.resolveModuleName(
      SHIPPED_EQUIVALENT[name] ?? name,
      path.join(EXTENSION_ROOT, 'package.json'),
      options,
      typescript.sys,
    );

  return {
    create(info) {
      const host = info.languageServiceHost;
      const original = host.resolveModuleNameLiterals?.bind(host);
      if (!original) return info.languageService;
      const resolve: ResolveLiterals = (literals, containingFile, redirected, options, sourceFile, reused) =>
        original(literals, containingFile, redirected, options, sourceFile, reused).map((result, i) => {
          const name = literals[i]?.text ?? '';
          if (result.resolvedModule || !TENSORFLOW_IMPORT.test(name)) return result;
          const shipped = fromExtension(name, options);
          return shipped.resolvedModule ? shipped : result;
        });
      host.resolveModuleNameLiterals = resolve;
      info.project.projectService.logger.info(`tensorscope-tfjs-types: TensorFlow.js types from ${EXTENSION_ROOT}`);
      return info.languageService;
    },
  };
}

// tsserver requires the plugin module itself to be the factory (esbuild.js unwraps this default export).
// eslint-disable-next-line no-restricted-syntax -- the one default export the tsserver contract requires
export default init;
