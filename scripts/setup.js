// The set-up that `npm start` and `npm test` run first: install what is missing, provision
// native TensorFlow, build. Each step is skipped when already done, so a warm run takes seconds.
const { execSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

function run(command) {
  console.log(`[setup] ${command}`);
  execSync(command, { cwd: root, stdio: 'inherit' });
}

function dependenciesInstalled() {
  const lock = path.join(root, 'package-lock.json');
  const installed = path.join(root, 'node_modules', '.package-lock.json');
  return fs.existsSync(installed) && fs.statSync(installed).mtimeMs >= fs.statSync(lock).mtimeMs;
}

if (!fs.existsSync(path.join(root, 'node_modules'))) {
  run('npm ci');
} else if (!dependenciesInstalled()) {
  // The lockfile changed since the last install: bring node_modules up to it without wiping it.
  run('npm install --no-audit --no-fund');
} else {
  // npm ci runs this as postinstall; run it here too so a removed addon is rebuilt.
  run('bash scripts/provision-tfjs-node.sh');
}
run('node esbuild.js');
