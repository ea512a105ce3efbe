/**
 * One writer per run folder: `writer.lock`, created exclusively (O_EXCL), names the process that
 * writes the run (pid, host, start). A second writer is refused with the holder's name; a lock
 * whose process is gone from this host is taken over, with a note. Readers use the lock to tell
 * a run that is being written from one whose writer is gone (interrupted).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const LOCK_FILE = 'writer.lock';

export interface LockHolder {
  pid: number;
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

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readLockHolder(runDir: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(fs.readFileSync(path.join(runDir, LOCK_FILE), 'utf8')) as Partial<LockHolder>;
    if (typeof holder.pid !== 'number' || typeof holder.hostname !== 'string') return undefined;
    return {
      pid: holder.pid,
      hostname: holder.hostname,
      startedAt: String(holder.startedAt ?? '?'),
      command: String(holder.command ?? 'writer'),
    };
  } catch {
    return undefined;
  }
}

/** A holder on another host is trusted to be alive (its pid means nothing here); on this host, its pid must be. */
export function holderAlive(holder: LockHolder): boolean {
  return holder.hostname !== os.hostname() || processAlive(holder.pid);
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
      pid: process.pid,
      hostname: os.hostname(),
      startedAt: new Date().toISOString(),
      command,
    };
    let note: string | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      if (createExclusive(file, `${JSON.stringify(holder)}\n`)) return new RunLock(file, note);
      const current = readLockHolder(runDir);
      if (current && holderAlive(current)) throw new RunLockedError(runDir, current);
      if (!current && ageMs(file) < UNREADABLE_LOCK_GRACE_MS) continue;
      // Stale: renamed away first, so of two writers taking it over only one succeeds.
      const stale = `${file}.stale-${process.pid}`;
      try {
        fs.renameSync(file, stale);
        fs.rmSync(stale, { force: true });
      } catch {
        continue;
      }
      note = current
        ? `Took over the run's lock from pid ${current.pid} (${current.command} since ${current.startedAt}), which is no longer running.`
        : 'Took over an unreadable lock file left by a writer that was killed.';
    }
    const last = readLockHolder(runDir);
    if (last) throw new RunLockedError(runDir, last);
    throw new Error(`Could not take the lock ${file}.`);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    process.off('exit', this.onExit);
    try {
      const holder = JSON.parse(fs.readFileSync(this.file, 'utf8')) as Partial<LockHolder>;
      if (holder.pid === process.pid && holder.hostname === os.hostname()) fs.rmSync(this.file, { force: true });
    } catch {
      // gone already (the run folder was deleted)
    }
  }
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
