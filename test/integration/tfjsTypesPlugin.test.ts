import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import ts from 'typescript/lib/tsserverlibrary';
import { REPO_ROOT, bareFolder } from './harness';

const PLUGIN = path.join(REPO_ROOT, 'node_modules', 'tensorscope-tfjs-types', 'index.js');

before(() => {
  if (!fs.existsSync(PLUGIN))
    throw new Error('the TypeScript plugin is not built: run `node esbuild.js` first (npm test does).');
});

const MODEL = `import * as tf from '@tensorflow/tfjs';
export function createModel(): tf.LayersModel {
  return tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
}
export const wrong: tf.LayersModel = 42;
`;

/** A language service over one file, resolving modules the way tsserver's project host does. */
function languageServiceHost(file: string): ts.LanguageServiceHost {
  const options: ts.CompilerOptions = {
    strict: true,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    skipLibCheck: true,
  };
  return {
    getScriptFileNames: () => [file],
    getScriptVersion: () => '1',
    getScriptSnapshot: (name) =>
      ts.sys.fileExists(name) ? ts.ScriptSnapshot.fromString(ts.sys.readFile(name) ?? '') : undefined,
    getCurrentDirectory: () => path.dirname(file),
    getCompilationSettings: () => options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
    resolveModuleNameLiterals: (literals, containing, _redirected, compilerOptions) =>
      literals.map((literal) => ts.resolveModuleName(literal.text, containing, compilerOptions, ts.sys)),
  };
}

function diagnostics(host: ts.LanguageServiceHost, file: string): string[] {
  return ts
    .createLanguageService(host)
    .getSemanticDiagnostics(file)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('the TensorFlow.js types plugin', () => {
  it('gives a model file in a folder without node_modules the types of the TensorFlow.js Tensorscope ships', () => {
    const file = path.join(bareFolder({ 'model.ts': MODEL }), 'model.ts');
    const host = languageServiceHost(file);
    assert.match(diagnostics(host, file).join('\n'), /Cannot find module '@tensorflow\/tfjs'/, 'without the plugin');
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- tsserver loads plugins with require
    const init = require(PLUGIN) as (modules: { typescript: typeof ts }) => ts.server.PluginModule;
    const logged: string[] = [];
    const info = {
      languageServiceHost: host,
      languageService: ts.createLanguageService(host),
      project: { projectService: { logger: { info: (m: string) => logged.push(m) } } },
      config: {},
    };
    init({ typescript: ts }).create(info as unknown as ts.server.PluginCreateInfo);
    const after = diagnostics(host, file);
    assert.equal(after.length, 1, after.join('\n'));
    assert.match(
      after[0] ?? '',
      /Type 'number' is not assignable to type 'LayersModel'/,
      'real tfjs types now check the file',
    );
  });
});
