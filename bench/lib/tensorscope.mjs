// Tensorscope's own trainer, measured through its headless front door: `node dist/cli.js train <file>`.
// Filled in once the CLI can train; until then it returns a note and the overhead slot stays null.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function measureTensorscope({ root }) {
  const cli = join(root, 'dist', 'cli.js');
  if (!existsSync(cli)) {
    return { note: 'tensorscope: dist/cli.js not built (node esbuild.js); overhead_ratio not measured' };
  }
  return { note: 'tensorscope: CLI measurement not wired yet; overhead_ratio not measured' };
}
