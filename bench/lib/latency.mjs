// Runs bench/latency.ts (the real trainer feeding the real LiveRun) and returns its per-model figures,
// or null with a note when dist/ is not built or the run fails.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';

export function measureLatency(root) {
  if (!existsSync(join(root, 'dist', 'trainer.js'))) return null;
  process.stderr.write('bench: latency (trainer → host controller) ...\n');
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench', 'latency.ts'), '--json'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    process.stderr.write(`bench: latency failed: ${r.stderr}\n`);
    return null;
  }
  return JSON.parse(r.stdout.trim().split('\n').pop());
}
