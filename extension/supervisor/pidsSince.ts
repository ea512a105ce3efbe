/**
 * Linux: which pids may belong to processes started after a given process. The kernel hands out
 * pids in increasing order, wrapping at pid_max, and tells which it handed out last
 * (`/proc/sys/kernel/ns_last_pid`). So every process started after `pid` has a pid in
 * (pid, last], counted round the wrap, until the counter has come round past `pid` again. Each
 * check notices that (the counter seems to step back, as it also does when someone sets it), and
 * from then on any pid may be newer. The one case not noticed: a whole round of pid_max pids
 * (32,768 by default) handed out between two checks.
 *
 * A supervisor lists its trainer's descendants (all started after it) by reading only these
 * pids' `/proc/<pid>/stat`, not every process's.
 */
import * as fs from 'node:fs';

const LAST_PID_FILE = '/proc/sys/kernel/ns_last_pid';
const PID_MAX_FILE = '/proc/sys/kernel/pid_max';
/**
 * Right after the fork the counter is at the new process's pid or a few past it; further than
 * this, the counter is not the one that numbered the process (another pid namespace's).
 */
const PLAUSIBLE_FIRST_REACH = 4_096;

function readNumber(file: string): number | undefined {
  try {
    const value = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  } catch {
    return undefined;
  }
}

/** What the pid counter says at one check. */
export interface PidCheck {
  /** Whether a pid may have been handed out after the watched process's. */
  mayBeNewer: (pid: number) => boolean;
  /** False when no pid was handed out since the previous check: no process (or thread) started anywhere. */
  handedOutSinceLastCheck: boolean;
}

export class PidsSince {
  private readonly pidMax = process.platform === 'linux' ? readNumber(PID_MAX_FILE) : undefined;
  /** How far past `pid` the counter has gone; undefined once any pid may be newer. */
  private reach: number | undefined;
  private lastSeen: number | undefined;

  /** Call right after `pid` started. */
  constructor(private readonly pid: number) {
    const reach = this.counterReach(this.readCounter());
    this.reach = reach !== undefined && reach <= PLAUSIBLE_FIRST_REACH ? reach : undefined;
  }

  /** Reads the counter now. */
  check(): PidCheck {
    const previous = this.lastSeen;
    const last = this.readCounter();
    if (this.reach !== undefined) {
      const reach = this.counterReach(last);
      this.reach = reach !== undefined && reach >= this.reach ? reach : undefined;
    }
    return { mayBeNewer: this.newerTest(), handedOutSinceLastCheck: last === undefined || last !== previous };
  }

  private newerTest(): (pid: number) => boolean {
    const { reach, pidMax } = this;
    if (reach === undefined || pidMax === undefined) return () => true;
    return (other) => {
      if (other >= pidMax) return true; // pid_max was raised since: no order to go by
      const distance = this.distance(other, pidMax);
      return distance > 0 && distance <= reach;
    };
  }

  private readCounter(): number | undefined {
    this.lastSeen = this.pidMax === undefined ? undefined : readNumber(LAST_PID_FILE);
    return this.lastSeen;
  }

  private counterReach(last: number | undefined): number | undefined {
    if (last === undefined || this.pidMax === undefined || last >= this.pidMax || this.pid >= this.pidMax)
      return undefined;
    return this.distance(last, this.pidMax);
  }

  /** How many pids after `pid` the counter hands out `other`, counting round the wrap. */
  private distance(other: number, pidMax: number): number {
    return (other - this.pid + pidMax) % pidMax;
  }
}
