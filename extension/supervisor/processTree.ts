/**
 * Ends a process and everything it started: the one kill-tree of the trainer's supervisor (the
 * host and the CLI) and the native-backend installer. POSIX: the process leads its own process
 * group (a detached fork or spawn), so one `kill(-pgid)` reaches every child that stayed in the
 * group, even while the trainer's JavaScript is stuck in a busy loop; children that left the group
 * (a `detached` spawn calls setsid) are found by walking parent pids first. Windows has no process
 * groups: `taskkill /T /F` ends the tree by parent pid (not run by any test here: these machines
 * are Linux; its command line is unit-tested).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { readProcStat } from '../runs/processIdentity';

/** A process as listed at one moment: its start time tells it apart from a later process given the same pid. */
export interface ListedProcess {
  pid: number;
  started: string;
}

interface ProcessRow extends ListedProcess {
  ppid: number;
}

function procStat(pid: string): ProcessRow | undefined {
  const stat = readProcStat(Number(pid));
  // undefined: the process ended while the table was read
  return stat && { pid: Number(pid), ppid: stat.ppid, started: stat.starttime };
}

/** Every process, or on Linux those whose pid `include` names (only their stat files are read). */
function processTable(include: (pid: number) => boolean = () => true): ProcessRow[] {
  if (process.platform === 'linux') {
    return fs
      .readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry) && include(Number(entry)))
      .flatMap((entry) => procStat(entry) ?? []);
  }
  const ps = spawnSync('ps', ['-A', '-o', 'pid=,ppid=,lstart='], { encoding: 'utf8' });
  return (ps.stdout ?? '').split('\n').flatMap((line) => {
    const [pid, ppid, ...started] = line.trim().split(/\s+/);
    return pid && ppid ? [{ pid: Number(pid), ppid: Number(ppid), started: started.join(' ') }] : [];
  });
}

/** Linux's own list of a process's children (`/proc/<pid>/task/<tid>/children`); undefined where the kernel has none. */
function kernelChildren(pid: number): number[] | undefined {
  try {
    return fs
      .readdirSync(`/proc/${pid}/task`)
      .flatMap((task) => fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' '))
      .filter(Boolean)
      .map(Number);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' && fs.existsSync(`/proc/${pid}`) ? undefined : [];
  }
}

/** Linux: walks the kernel's children lists, reading a few small files instead of the whole process table. */
function listDescendantsFromKernel(pid: number): ListedProcess[] | undefined {
  const found: ListedProcess[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const children = kernelChildren(queue.shift() as number);
    if (children === undefined) return undefined;
    for (const child of children) {
      const row = procStat(String(child));
      if (!row || found.some((known) => known.pid === child)) continue;
      found.push({ pid: child, started: row.started });
      queue.push(child);
    }
  }
  return found;
}

/**
 * Every live process started by `pid`, at any depth (POSIX). `mayBeNewer` (pidsSince.ts) names the
 * pids that may have been handed out after `pid`'s: where Linux keeps no children lists, only
 * those processes are read, as every descendant started after `pid`.
 */
export function listDescendants(pid: number, mayBeNewer?: (pid: number) => boolean): ListedProcess[] {
  const fromKernel = process.platform === 'linux' ? listDescendantsFromKernel(pid) : undefined;
  return fromKernel ?? listDescendantsFromTable(pid, mayBeNewer);
}

/** The walk of the process table by parent pid (Linux: of the processes `include` names; elsewhere `ps`). */
export function listDescendantsFromTable(pid: number, include?: (pid: number) => boolean): ListedProcess[] {
  const children = new Map<number, ProcessRow[]>();
  for (const row of processTable(include)) children.set(row.ppid, [...(children.get(row.ppid) ?? []), row]);
  const found: ListedProcess[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift() as number) ?? []) {
      if (found.some((known) => known.pid === child.pid)) continue;
      found.push({ pid: child.pid, started: child.started });
      queue.push(child.pid);
    }
  }
  return found;
}

export function descendantsOf(pid: number): number[] {
  return listDescendants(pid).map((listed) => listed.pid);
}

/**
 * Kills processes listed earlier that are still the same processes. A supervisor lists its
 * trainer's descendants now and then: a child that left the group (setsid) is re-parented when
 * the trainer dies abruptly (SIGKILL, SIGTERM) and can then be found only from such a list.
 */
export function killListed(listed: ListedProcess[]): void {
  for (const known of stillRunning(listed)) signal(known.pid, 'SIGKILL');
}

/** Those of the processes listed earlier that are still the same processes (Linux: only their stat files are read). */
export function stillRunning(listed: ListedProcess[]): ListedProcess[] {
  if (listed.length === 0) return [];
  const wanted = new Set(listed.map((known) => known.pid));
  const now = new Map(processTable((pid) => wanted.has(pid)).map((row) => [row.pid, row.started]));
  return listed.filter(({ pid, started }) => now.get(pid) === started);
}

function signal(target: number, name: NodeJS.Signals): void {
  try {
    process.kill(target, name);
  } catch {
    // already gone (ESRCH), or never ours to end (EPERM)
  }
}

/** Windows: the command that ends `pid` and every process it started, at once (`/T` tree, `/F` force). */
export function windowsKillTreeCommand(pid: number): { command: string; args: string[] } {
  if (!Number.isSafeInteger(pid) || pid <= 0) throw new RangeError(`Not a process id: ${pid}`);
  return { command: 'taskkill', args: ['/pid', String(pid), '/T', '/F'] };
}

function windowsKillTree(pid: number): void {
  const { command, args } = windowsKillTreeCommand(pid);
  spawnSync(command, args, { stdio: 'ignore', windowsHide: true });
}

function listedNow(pid: number): ListedProcess {
  return { pid, started: readProcStat(pid)?.starttime ?? '' };
}

function signalTree(pid: number, tree: ListedProcess[], leadsGroup: boolean, name: NodeJS.Signals): void {
  if (leadsGroup) signal(-pid, name);
  for (const listed of tree) signal(listed.pid, name);
}

/**
 * Kills `pid`'s process group (when it leads one), `pid` itself and all its descendants, now.
 * Descendants are listed before anything is killed: once their parent dies they are re-parented
 * and can no longer be told apart.
 */
export function killProcessTree(pid: number, leadsGroup: boolean): void {
  if (process.platform === 'win32') return windowsKillTree(pid);
  signalTree(pid, [listedNow(pid), ...listDescendants(pid)], leadsGroup, 'SIGKILL');
}

function pidReused(listed: ListedProcess): boolean {
  const now = readProcStat(listed.pid);
  return now !== undefined && listed.started !== '' && now.starttime !== listed.started;
}

/**
 * Asks `pid`'s tree to end (SIGTERM to its group, itself and its descendants), then kills what is
 * left of it after `graceMs`: an installer's compiler gets to clean up, one that ignores SIGTERM
 * still ends. Only processes that are still the ones listed are killed (their start time), never
 * a later process given a freed pid. Windows: at once (taskkill /T /F).
 */
export function terminateProcessTree(pid: number, leadsGroup: boolean, graceMs: number): void {
  if (process.platform === 'win32') return windowsKillTree(pid);
  const leader = listedNow(pid);
  const tree = [leader, ...listDescendants(pid)];
  signalTree(pid, tree, leadsGroup, 'SIGTERM');
  const killer = setTimeout(() => {
    // A pid given to a new process means the old group had emptied; the id may now lead someone else's.
    if (leadsGroup && !pidReused(leader)) signal(-pid, 'SIGKILL');
    killListed(tree);
  }, graceMs);
  killer.unref();
}

/** Kills what is left of a group whose leader has exited (children the model file started). */
export function killProcessGroup(pgid: number): void {
  if (process.platform !== 'win32') signal(-pgid, 'SIGKILL');
}

/** Kills the calling process's descendants, not itself: the trainer's last act before it exits. */
export function killOwnDescendants(): void {
  if (process.platform === 'win32') return; // taskkill /T would include this process
  for (const descendant of descendantsOf(process.pid)) signal(descendant, 'SIGKILL');
}
