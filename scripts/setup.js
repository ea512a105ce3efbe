// The set-up that `npm start` and `npm test` run first: install what is missing, run the install
// steps the dependencies need, build. Each step is skipped when already done, so a warm run takes
// seconds. Dependencies never run their own install scripts (.npmrc: ignore-scripts), with npm 10
// as with npm 11; the two steps that matter run here instead.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

function run(command, args, cwd = root) {
  console.log(`[setup] ${[path.basename(command), ...args].join(' ')}`);
  execFileSync(command, args, { cwd, stdio: 'inherit', shell: process.platform === 'win32' && command === 'npm' });
}

/** The npm that started us (`npx npm@10 test` installs with npm 10), else the one on PATH. */
function npm(args) {
  const npmCli = process.env.npm_execpath;
  if (npmCli && /npm-cli\.js$/.test(npmCli)) run(process.execPath, [npmCli, ...args]);
  else run('npm', args);
}

function dependenciesInstalled() {
  const lock = path.join(root, 'package-lock.json');
  const installed = path.join(root, 'node_modules', '.package-lock.json');
  return fs.existsSync(installed) && fs.statSync(installed).mtimeMs >= fs.statSync(lock).mtimeMs;
}

/** esbuild's own install step: checks its platform binary (and fetches it from npm if missing). */
function checkEsbuild() {
  run(process.execPath, [path.join(root, 'node_modules', 'esbuild', 'install.js')]);
}

/**
 * tfjs-node's native addon. Linux and macOS: the provisioning script (official download, else the
 * TensorFlow wheel from PyPI). Windows has no bash: tfjs-node's official install script.
 */
function provisionNativeTensorFlow() {
  if (process.platform !== 'win32') {
    run('bash', [path.join(root, 'scripts', 'provision-tfjs-node.sh')]);
    return;
  }
  const tfjsNode = path.dirname(require.resolve('@tensorflow/tfjs-node/package.json', { paths: [root] }));
  try {
    run(process.execPath, [path.join('scripts', 'install.js')], tfjsNode);
  } catch {
    console.log('[setup] native TensorFlow could not be installed; training falls back to pure JS.');
  }
}

const installArgs = ['--ignore-scripts', '--no-audit', '--no-fund'];
if (!fs.existsSync(path.join(root, 'node_modules'))) {
  npm(['ci', ...installArgs]);
} else if (!dependenciesInstalled()) {
  // The lockfile changed since the last install: bring node_modules up to it without wiping it.
  npm(['install', ...installArgs]);
}
checkEsbuild();
provisionNativeTensorFlow();
run(process.execPath, [path.join(root, 'esbuild.js')]);
