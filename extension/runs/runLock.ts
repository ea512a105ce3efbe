/**
 * One writer per run folder: `writer.lock`, created exclusively (O_EXCL), names the process that
 * writes the run (pid, host, when it took the lock, and the process's own start time, so a pid
 * reused by another process is not mistaken for the writer: processIdentity.ts). A second writer
 * is refused with the holder's name; a lock whose process is gone from this host is taken over,
 * with a note. Readers use the lock to tell a run that is being written from one whose writer is
 * gone (interrupted).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { livenessOf, thisProcess, type Liveness, type ProcessIdentity } from './processIdentity';

export const LOCK_FILE = 'writer.lock';

export interface LockHolder extends ProcessIdentity {
  hostname: string;
  startedAt: string;
  command: string;
}

/** The run folder is being written by another live process. */
export class RunLockedError extends Error {
  constructor(
    readonly runDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `${path.basename(runDir)} is being written by another ${holder.command} (pid ${holder.pid} on ${holder.hostname}, since ${holder.startedAt}): a run folder has one writer at a time.`,
    );
    this.name = 'RunLockedError';
  }
}

function parseLockHolder(text: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(text) as Partial<LockHolder>;
    if (typeof holder.pid !== 'number' || typeof holder.hostname !== 'string') return undefined;
    return {
      pid: holder.pid,
      ...(typeof holder.processStart === 'string' && { processStart: holder.processStart }),
      hostname: holder.hostname,
      startedAt: String(holder.startedAt ?? '?'),
      command: String(holder.command ?? 'writer'),
    };
  } catch {
    return undefined;
  }
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export function readLockHolder(runDir: string): LockHolder | undefined {
  const text = readText(path.join(runDir, LOCK_FILE));
  return text === undefined ? undefined : parseLockHolder(text);
}

/** A holder on another host is trusted to be alive (its pid means nothing here); on this host, its process must be. */
function holderLiveness(holder: LockHolder): Liveness {
  return holder.hostname !== os.hostname() ? 'alive' : livenessOf(holder);
}

export function holderAlive(holder: LockHolder): boolean {
  return holderLiveness(holder) === 'alive';
}

function takeOverNote(holder: LockHolder | undefined): string {
  if (!holder) return 'Took over an unreadable lock file left by a writer that was killed.';
  const gone =
    holderLiveness(holder) === 'pidReused'
      ? `which is no longer running (pid ${holder.pid} now belongs to another process)`
      : 'which is no longer running';
  return `Took over the run's lock from pid ${holder.pid} (${holder.command} since ${holder.startedAt}), ${gone}.`;
}

/**
 * Removes the lock file if it still holds `expected`: renamed away first, so of two processes
 * removing one stale lock (or one removing it while another takes it over) only one acts, and a
 * lock that changed in between is put back.
 */
function removeLockIfUnchanged(file: string, expected: string): boolean {
  const aside = `${file}.stale-${process.pid}`;
  try {
    fs.renameSync(file, aside);
  } catch {
    return false;
  }
  if (readText(aside) === expected) {
    fs.rmSync(aside, { force: true });
    return true;
  }
  try {
    fs.linkSync(aside, file); // never over a lock taken meanwhile
  } catch {
    // another writer holds the run now; the one set aside was replaced
  }
  fs.rmSync(aside, { force: true });
  return false;
}

/** A lock file left empty or torn by a writer killed as it made it; younger ones may still be being written. */
const UNREADABLE_LOCK_GRACE_MS = 5_000;

export class RunLock {
  private released = false;
  private readonly onExit = () => this.release();

  private constructor(
    readonly file: string,
    /** Said when a stale lock was taken over. */
    readonly note: string | undefined,
  ) {
    process.once('exit', this.onExit);
  }

  /** Takes the run folder's lock, or throws RunLockedError naming the live holder. */
  static acquire(runDir: string, command: string): RunLock {
    const file = path.join(runDir, LOCK_FILE);
    const holder: LockHolder = {
      ...thisProcess(),
      hostname: os.hostname(),
      startedAt: new Date().toISOString(),
      command,
    };
    let note: string | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      if (createExclusive(file, `${JSON.stringify(holder)}\n`)) return new RunLock(file, note);
      const text = readText(file);
      if (text === undefined) continue; // released in between
      const current = parseLockHolder(text);
      if (current && holderAlive(current)) throw new RunLockedError(runDir, current);
      if (!current && ageMs(file) < UNREADABLE_LOCK_GRACE_MS) continue;
      if (removeLockIfUnchanged(file, text)) note = takeOverNote(current);
    }
    const last = readLockHolder(runDir);
    if (last) throw new RunLockedError(runDir, last);
    throw new Error(`Could not take the lock ${file}.`);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    process.off('exit', this.onExit);
    releaseLockOf(path.dirname(this.file), thisProcess());
  }
}

/**
 * Removes the run folder's lock if it names `writer` (pid and start, on this host), a process that
 * has ended or is ending: the writer itself, or its supervisor once the writer was killed (a
 * killed process cannot release its own lock). A lock another process holds is left alone.
 */
export function releaseLockOf(runDir: string, writer: ProcessIdentity): boolean {
  const file = path.join(runDir, LOCK_FILE);
  const text = readText(file);
  const holder = text === undefined ? undefined : parseLockHolder(text);
  if (!holder || !namesProcess(holder, writer)) return false;
  return removeLockIfUnchanged(file, text as string);
}

function namesProcess(holder: LockHolder, writer: ProcessIdentity): boolean {
  return (
    holder.hostname === os.hostname() &&
    holder.pid === writer.pid &&
    (holder.processStart === undefined ||
      writer.processStart === undefined ||
      holder.processStart === writer.processStart)
  );
}

function createExclusive(file: string, content: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

function ageMs(file: string): number {
  try {
    return Date.now() - fs.statSync(file).mtimeMs;
  } catch {
    return Infinity;
  }
}

/**
 * Whether a run that says `running` is still being written: its lock's holder is alive; for a run
 * without a lock (older writers), the pid and host in run.json.
 */
export function writerAlive(runDir: string, info: { pid: number; hostname: string }): boolean {
  const holder = readLockHolder(runDir);
  if (holder) return holderAlive(holder);
  if (ageMs(path.join(runDir, LOCK_FILE)) < UNREADABLE_LOCK_GRACE_MS) return true; // being created right now
  return holderAlive({ pid: info.pid, hostname: info.hostname, startedAt: '', command: '' });
}

/** Still being written: `running`, and its writer alive. */
export function runIsLive(runDir: string, info: { status: string; pid: number; hostname: string }): boolean {
  return info.status === 'running' && writerAlive(runDir, info);
}

/** `running` in run.json, but its writer is gone (killed, crashed, the machine restarted): resumable. */
export function runIsInterrupted(runDir: string, info: { status: string; pid: number; hostname: string }): boolean {
  return info.status === 'running' && !writerAlive(runDir, info);
}
