/**
 * Ends a process and everything it started. POSIX: the trainer leads its own process group
 * (a detached fork), so one `kill(-pgid)` reaches every child that stayed in the group, even
 * while the trainer's JavaScript is stuck in a busy loop; children that left the group (a
 * `detached` spawn calls setsid) are found by walking parent pids first. Windows has no process
 * groups: `taskkill /T /F` ends the tree by parent pid.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

function parentPids(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  const add = (pid: number, ppid: number) => children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  if (process.platform === 'linux') {
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        // `pid (comm) state ppid …`: comm may hold spaces and parentheses, so read after the last ')'.
        const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        add(Number(entry), ppid);
      } catch {
        // the process ended while the table was read
      }
    }
    return children;
  }
  const ps = spawnSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' });
  for (const line of ps.stdout?.split('\n') ?? []) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number);
    if (pid !== undefined && ppid !== undefined && !Number.isNaN(pid)) add(pid, ppid);
  }
  return children;
}

/** Every live process started by `pid`, at any depth (POSIX). */
export function descendantsOf(pid: number): number[] {
  const children = parentPids();
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift() as number) ?? []) {
      if (found.includes(child)) continue;
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function signal(target: number, name: NodeJS.Signals): void {
  try {
    process.kill(target, name);
  } catch {
    // already gone (ESRCH), or never ours to end (EPERM)
  }
}

/**
 * Kills `pid`'s process group (when it leads one), `pid` itself and all its descendants.
 * Descendants are listed before anything is killed: once their parent dies they are re-parented
 * and can no longer be told apart.
 */
export function killProcessTree(pid: number, leadsGroup: boolean): void {
  if (process.platform === 'win32') {
    spawnSync('taskkill', ['/pid', String(pid), '/T', '/F'], { windowsHide: true });
    return;
  }
  const descendants = descendantsOf(pid);
  if (leadsGroup) signal(-pid, 'SIGKILL');
  signal(pid, 'SIGKILL');
  for (const descendant of descendants) signal(descendant, 'SIGKILL');
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
