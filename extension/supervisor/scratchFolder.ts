/**
 * The trainer's scratch folder (the bundled model file): `<tmp>/tensorscope-trainer-<supervisor
 * pid>-XXXXXX/`, with `owner.json` naming the supervisor and, once forked, the trainer (pid and
 * start, processIdentity.ts). The supervisor removes it however the trainer ends, and the trainer's
 * orphan guard if the supervisor dies; when both are killed at the same instant nobody can, so
 * each supervisor, before it starts a trainer, removes the folders whose owners are all gone.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sameProcessAlive, thisProcess, type ProcessIdentity } from '../runs/processIdentity';

const PREFIX = 'tensorscope-trainer-';
const OWNER_FILE = 'owner.json';
/** `tensorscope-trainer-<pid>-<random>`; folders from before the owner's pid was in the name do not match. */
const SCRATCH_NAME = /^tensorscope-trainer-(\d+)-.+$/;

interface ScratchOwner {
  hostname: string;
  supervisor: ProcessIdentity;
  trainer?: ProcessIdentity;
}

export function createScratchFolder(tmpDir = os.tmpdir()): string {
  const dir = fs.mkdtempSync(path.join(tmpDir, `${PREFIX}${process.pid}-`));
  writeOwner(dir, { hostname: os.hostname(), supervisor: thisProcess() });
  return dir;
}

/** Adds the trainer to the folder's owners: while it runs (its orphan guard's grace) the folder is in use. */
export function recordScratchTrainer(dir: string, trainer: ProcessIdentity): void {
  writeOwner(dir, { hostname: os.hostname(), supervisor: thisProcess(), trainer });
}

function writeOwner(dir: string, owner: ScratchOwner): void {
  try {
    fs.writeFileSync(path.join(dir, OWNER_FILE), JSON.stringify(owner));
  } catch {
    // a full disk: the folder is still found by the pid in its name
  }
}

function ownersOf(dir: string, namePid: number): { hostname: string; owners: ProcessIdentity[] } {
  try {
    const owner = JSON.parse(fs.readFileSync(path.join(dir, OWNER_FILE), 'utf8')) as ScratchOwner;
    return { hostname: owner.hostname, owners: [owner.supervisor, ...(owner.trainer ? [owner.trainer] : [])] };
  } catch {
    // killed between making the folder and writing owner.json: the name's pid is the owner
    return { hostname: os.hostname(), owners: [{ pid: namePid }] };
  }
}

/** Removes the scratch folders in `tmpDir` whose supervisor and trainer have both ended; returns their paths. */
export function removeStaleScratchFolders(tmpDir = os.tmpdir()): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(tmpDir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = SCRATCH_NAME.exec(name);
    if (!match) continue;
    const dir = path.join(tmpDir, name);
    const { hostname, owners } = ownersOf(dir, Number(match[1]));
    // A temp folder shared with other machines (or containers) names pids that mean nothing here.
    if (hostname !== os.hostname() || owners.some(sameProcessAlive)) continue;
    try {
      fs.rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // another user's folder, or being removed by another supervisor
    }
  }
  return removed;
}
