/** Changes the Run History view makes to run folders: rename (in run.json) and delete. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../../runs/atomicWrite';
import { RUN_FILE } from '../../runs/runFiles';

/**
 * Sets (or, with an empty name, removes) the run's `name` in run.json, atomically, keeping
 * every other field as written, including ones this version does not know.
 */
export function renameRun(runDir: string, name: string): void {
  const file = path.join(runDir, RUN_FILE);
  const info = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  const trimmed = name.trim().slice(0, 256);
  if (trimmed === '') delete info.name;
  else info.name = trimmed;
  writeFileAtomic(file, `${JSON.stringify(info, null, 2)}\n`);
}

/** Throws unless `runDir` is a run folder inside a `.tensorscope/runs` store (what Delete may remove). */
export function assertRunFolder(runDir: string): void {
  const store = path.dirname(runDir);
  const isRunFolder =
    path.basename(store) === 'runs' &&
    path.basename(path.dirname(store)) === '.tensorscope' &&
    fs.existsSync(path.join(runDir, RUN_FILE));
  if (!isRunFolder) throw new Error(`${runDir} is not a Tensorscope run folder`);
}

/** Removes a run folder for good (where there is no trash to move it to); refuses anything else. */
export function deleteRun(runDir: string): void {
  assertRunFolder(runDir);
  fs.rmSync(runDir, { recursive: true, force: true });
}
