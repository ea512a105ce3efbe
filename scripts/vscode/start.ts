/**
 * `npm start` (after scripts/setup.js has installed and built): opens examples/ in a real VS Code
 * with the extension. The desktop `code` when it is on PATH; otherwise code-server on 127.0.0.1,
 * with the extension packaged and installed into a profile under the cache, in the foreground
 * until Ctrl+C.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  findFreePort,
  installVsix,
  provisionCodeServer,
  startCodeServer,
  type CodeServerProfile,
  type RunningCodeServer,
} from './codeServer';
import { cacheRoot, log, onPath } from './shell';
import { packageVsix, REPO_ROOT } from './vsix';

const EXAMPLES = path.join(REPO_ROOT, 'examples');
const PREFERRED_PORT = 8080;

/** The trainer looks for native TensorFlow here too (the vsix never ships tfjs-node). */
const EXTENSION_ENV = { TENSORSCOPE_NATIVE_DIR: REPO_ROOT };

function openDesktop(): Promise<number> {
  log('opening examples/ in desktop VS Code with the extension in development mode...');
  const child = spawn('code', [`--extensionDevelopmentPath=${REPO_ROOT}`, EXAMPLES], {
    stdio: 'inherit',
    env: { ...process.env, ...EXTENSION_ENV },
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
}

/** A profile per checkout, so two clones do not share installed extensions or state. */
function devProfile(): CodeServerProfile & { root: string } {
  const id = createHash('sha256').update(REPO_ROOT).digest('hex').slice(0, 12);
  const root = path.join(cacheRoot(), 'dev', id);
  const profile = { root, userDataDir: path.join(root, 'user-data'), extensionsDir: path.join(root, 'extensions') };
  fs.mkdirSync(profile.userDataDir, { recursive: true });
  fs.mkdirSync(profile.extensionsDir, { recursive: true });
  return profile;
}

function stayUntilInterrupted(server: RunningCodeServer): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    const shutdown = (signal: NodeJS.Signals): void => {
      stopping = true;
      log(`${signal}: stopping code-server...`);
      void server.stop().then(() => resolve(0));
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
    process.once('SIGHUP', shutdown);
    server.process.once('exit', (code) => {
      if (stopping) return;
      log(`code-server exited on its own (code ${code ?? 'none'})`);
      void server.stop().then(() => resolve(code ?? 1));
    });
  });
}

async function openCodeServer(): Promise<number> {
  const codeServerRoot = await provisionCodeServer();
  const profile = devProfile();
  log('packaging the extension...');
  const vsix = await packageVsix({ outDir: profile.root });
  await installVsix(codeServerRoot, profile, vsix);
  const logFile = path.join(profile.root, 'code-server.log');
  const server = await startCodeServer(codeServerRoot, {
    profile,
    folder: EXAMPLES,
    port: await findFreePort(PREFERRED_PORT),
    env: EXTENSION_ENV,
    logFile,
  });
  console.log(`\nTensorscope is running in VS Code (code-server): ${server.url}`);
  console.log(`Open it in a browser; server log: ${logFile}. Press Ctrl+C to stop.\n`);
  return stayUntilInterrupted(server);
}

export async function main(): Promise<number> {
  return onPath('code') ? openDesktop() : openCodeServer();
}
