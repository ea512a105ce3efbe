/** `node --import tsx scripts/vscode/provision.ts`: installs code-server into the cache (idempotent). */
import { provisionCodeServer } from './codeServer';
import { log } from './shell';

const started = Date.now();
provisionCodeServer().then(
  (root) => log(`code-server ready in ${root} (${((Date.now() - started) / 1000).toFixed(1)} s)`),
  (error: unknown) => {
    log(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
