// The benchmark-only Python environment: created once from bench/requirements.txt, outside the repo,
// and re-created only when that file changes (a stamp holds its hash).
import process from 'node:process';
import console from 'node:console';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function cacheRoot() {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'tensorscope');
}

export function venvDir() {
  return process.env.TENSORSCOPE_BENCH_VENV || join(cacheRoot(), 'bench-venv');
}

/**
 * Returns the venv's python path, creating the venv when missing or stale.
 * Returns { python } or { error } (never throws): the bench goes on without the Python peers on error.
 */
export function ensureVenv(requirementsPath, log = console.error) {
  const dir = venvDir();
  const python = join(dir, 'bin', 'python');
  const stampPath = join(dir, '.tensorscope-requirements.sha256');
  const hash = createHash('sha256').update(readFileSync(requirementsPath)).digest('hex');
  if (existsSync(python) && existsSync(stampPath) && readFileSync(stampPath, 'utf8').trim() === hash) {
    return { python, dir, created: false };
  }
  const basePython = process.env.BENCH_PYTHON || 'python3';
  log(`bench: creating the Python peers' venv in ${dir} (tensorflow-cpu, torch; about a minute) ...`);
  rmSync(dir, { recursive: true, force: true });
  const steps = [
    [basePython, ['-m', 'venv', dir]],
    [python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', requirementsPath]],
  ];
  for (const [cmd, args] of steps) {
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) {
      return { error: `\`${cmd} ${args.join(' ')}\` failed (${r.error?.message ?? `exit ${r.status}`})` };
    }
  }
  writeFileSync(stampPath, `${hash}\n`);
  return { python, dir, created: true };
}
