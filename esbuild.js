// Bundles the extension host, the trainer (+ its CLI) and the webview in one pass.
// Usage: node esbuild.js [--production] [--watch]
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Reports build errors in the `file:line:col: error:` form VS Code's problem matchers read. */
const problemReporter = {
  name: 'problem-reporter',
  setup(build) {
    build.onStart(() => {
      if (watch) console.log('[watch] build started');
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (watch) console.log('[watch] build finished');
    });
  },
};

const shared = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  plugins: [problemReporter],
};

/** The trainer loads TensorFlow.js and esbuild at run time, from the model's workspace or ours. */
const trainerExternals = ['@tensorflow/*', 'esbuild'];

const contexts = [
  {
    ...shared,
    entryPoints: { extension: 'extension/host/extension.ts' },
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    outdir: 'dist',
  },
  {
    ...shared,
    entryPoints: { trainer: 'extension/trainer/main.ts', cli: 'extension/cli/cli.ts' },
    define: { TENSORSCOPE_VERSION: JSON.stringify(require('./package.json').version) },
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: trainerExternals,
    outdir: 'dist',
  },
  {
    // A TypeScript server plugin must be a package in the extension's node_modules.
    ...shared,
    entryPoints: { index: 'extension/tsPlugin/tfjsTypesPlugin.ts' },
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['typescript'],
    // tsserver calls `require(plugin)` and expects the factory itself.
    footer: { js: 'module.exports = module.exports.default;' },
    outdir: 'node_modules/tensorscope-tfjs-types',
  },
  {
    ...shared,
    entryPoints: {
      webview: 'webview/main.ts',
      inspector: 'webview/inspector/main.ts',
      compare: 'webview/compare/main.ts',
      hparams: 'webview/hparams/main.ts',
      data: 'webview/data/main.ts',
    },
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    outdir: 'dist',
    loader: { '.css': 'css' },
  },
];

/**
 * Files the installed extension needs beside its bundles: the native-backend provisioning script
 * ("Tensorscope: Install Native Backend") and the examples ("Tensorscope: Open Example").
 */
function copyRuntimeFiles() {
  const fs = require('node:fs');
  fs.mkdirSync('node_modules/tensorscope-tfjs-types', { recursive: true });
  const pluginManifest = { name: 'tensorscope-tfjs-types', version: '1.0.0', private: true, main: 'index.js' };
  fs.writeFileSync('node_modules/tensorscope-tfjs-types/package.json', `${JSON.stringify(pluginManifest, null, 2)}\n`);
  fs.mkdirSync('dist', { recursive: true });
  fs.copyFileSync('scripts/provision-tfjs-node.sh', 'dist/provision-tfjs-node.sh');
  for (const example of ['mlp-synthetic', 'mnist-cnn']) {
    fs.cpSync(`examples/${example}`, `dist/examples/${example}`, {
      recursive: true,
      filter: (source) => !source.includes('.tensorscope'),
    });
  }
}

async function main() {
  copyRuntimeFiles();
  const built = await Promise.all(contexts.map((options) => esbuild.context(options)));
  if (watch) {
    await Promise.all(built.map((context) => context.watch()));
    return;
  }
  try {
    await Promise.all(built.map((context) => context.rebuild()));
  } finally {
    await Promise.all(built.map((context) => context.dispose()));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
