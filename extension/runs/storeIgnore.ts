/**
 * Keeps a workspace's `.tensorscope/` (run folders with metrics and checkpoints) out of git: the
 * first run writes `.tensorscope/.gitignore`. One the user has edited is never overwritten.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const STORE_GITIGNORE = `# Written by Tensorscope: runs (metrics, checkpoints) stay out of git.
# Edit or delete this file to commit some of them.
*
`;

export function ensureStoreIgnored(workspaceDir: string): void {
  try {
    fs.writeFileSync(path.join(workspaceDir, '.tensorscope', '.gitignore'), STORE_GITIGNORE, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}
