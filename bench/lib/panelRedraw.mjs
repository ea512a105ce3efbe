// Runs bench/panelRedraw.ts (the built webview bundle in headless Chromium: chart redraw time at 10^4,
// 2×10^4 (the host's cap), 10^5 and 10^6 batch points, and one 50-point append) and returns its figures,
// or null with a note when dist/ is not built, Chromium is missing or the run fails. Model-independent:
// the bench runs it once.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';

export function measurePanelRedraw(root) {
  const chromium = process.env.TENSORSCOPE_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(join(root, 'dist', 'webview.js'))) return { panel: null, note: 'panel redraw: dist/ not built' };
  if (!existsSync(chromium)) return { panel: null, note: `panel redraw: no Chromium at ${chromium}` };
  process.stderr.write('bench: panel redraw (webview in headless Chromium) ...\n');
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench', 'panelRedraw.ts'), '--json'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 300_000,
    maxBuffer: 16 << 20,
  });
  if (r.status !== 0) {
    const tail = `${r.stderr ?? ''}${r.error?.message ?? ''}`.trim().split('\n').slice(-3).join(' ');
    process.stderr.write(`bench: panel redraw failed: ${tail}\n`);
    return { panel: null, note: `panel redraw failed: ${tail}` };
  }
  return { panel: JSON.parse(r.stdout.trim().split('\n').pop()), note: null };
}
