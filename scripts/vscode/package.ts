/** `npm run package`: builds and writes tensorscope-<version>.vsix at the repository root. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { log } from './shell';
import { packageVsix, REPO_ROOT } from './vsix';

packageVsix().then(
  (file) => {
    const megabytes = (fs.statSync(file).size / 1024 / 1024).toFixed(1);
    log(`packaged ${path.relative(REPO_ROOT, file)} (${megabytes} MB)`);
  },
  (error: unknown) => {
    log(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
