/**
 * Where runs are kept in a workspace: every folder with a `.tensorscope/runs` store, found by
 * a shallow, bounded walk (the extension writes at the workspace root, the headless CLI next
 * to the model file). Skips dependency, build and hidden folders.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RUNS_FOLDER } from '../../runs/runFiles';

export interface StoreSearch {
  /** Folder levels below the root to look in; default 4. */
  maxDepth?: number;
  /** Folders to read at most, so a huge workspace cannot stall the view; default 2000. */
  maxFolders?: number;
}

const SKIPPED = new Set(['node_modules', 'dist', 'out', 'build', 'target', 'venv']);

/** Folders under `root` (itself included) that hold a run store, root first. */
export function findRunStores(root: string, search: StoreSearch = {}): string[] {
  const maxDepth = search.maxDepth ?? 4;
  let budget = search.maxFolders ?? 2000;
  const found: string[] = [];
  const queue: { dir: string; depth: number }[] = [{ dir: root, depth: 0 }];
  while (queue.length > 0 && budget-- > 0) {
    const { dir, depth } = queue.shift() as { dir: string; depth: number };
    if (fs.existsSync(path.join(dir, RUNS_FOLDER))) found.push(dir);
    if (depth < maxDepth) queue.push(...subfolders(dir).map((child) => ({ dir: child, depth: depth + 1 })));
  }
  return found;
}

function subfolders(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && !SKIPPED.has(entry.name))
      .map((entry) => path.join(dir, entry.name));
  } catch {
    return [];
  }
}
