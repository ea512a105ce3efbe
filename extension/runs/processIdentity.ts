/**
 * Which process a pid names. A pid is handed to a new process once its own has ended, so a record
 * that names a process (a run folder's lock, a scratch folder's owner) keeps the process's start
 * too, and "alive" means: that pid is running and started when the record says.
 *
 * Linux: the start is the boot id with `/proc/<pid>/stat`'s starttime (clock ticks since boot), so
 * it also tells apart a pid from before a restart. Other systems: no start is read, and a live pid
 * is taken to be the recorded process (a reused pid then looks alive: a stale lock is refused
 * until that other process ends, or the lock file is deleted by hand).
 */
import * as fs from 'node:fs';

/** One process, as a record names it. */
export interface ProcessIdentity {
  pid: number;
  /** Linux: `<boot id>:<starttime>`; absent where the system gives no cheap start time. */
  processStart?: string;
}

export interface ProcStat {
  ppid: number;
  /** Clock ticks since boot when the process started (stat's 22nd field). */
  starttime: string;
  /** A zombie has ended and only waits for its parent to read its exit status. */
  zombie: boolean;
}

/** Linux: `pid (comm) state ppid … starttime(22nd field) …`; comm may hold spaces and parentheses. */
export function readProcStat(pid: number): ProcStat | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), starttime: fields[19] ?? '', zombie: fields[0] === 'Z' };
  } catch {
    return undefined; // no such process (or not Linux after all)
  }
}

let bootId: string | undefined;

function linuxBootId(): string {
  bootId ??= readBootId();
  return bootId;
}

function readBootId(): string {
  try {
    return fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return 'unknown-boot';
  }
}

/** The process's start, as records keep it; undefined when it is not running or the system gives none. */
export function processStartOf(pid: number): string | undefined {
  const stat = readProcStat(pid);
  return stat ? `${linuxBootId()}:${stat.starttime}` : undefined;
}

/** This process, as a record names it. */
export function thisProcess(): ProcessIdentity {
  const processStart = processStartOf(process.pid);
  return { pid: process.pid, ...(processStart !== undefined && { processStart }) };
}

/** Whether some process has this pid (one of another user counts; a zombie, ended, does not). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return readProcStat(pid)?.zombie !== true;
}

export type Liveness = 'alive' | 'gone' | 'pidReused';

/** Whether the recorded process still runs, has ended, or has ended and its pid now names another process. */
export function livenessOf(identity: ProcessIdentity): Liveness {
  if (!processAlive(identity.pid)) return 'gone';
  if (identity.processStart === undefined) return 'alive';
  const now = processStartOf(identity.pid);
  return now === undefined || now === identity.processStart ? 'alive' : 'pidReused';
}

export function sameProcessAlive(identity: ProcessIdentity): boolean {
  return livenessOf(identity) === 'alive';
}
