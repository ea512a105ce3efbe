/** Reads the process table (Linux /proc) to find processes by their command line. */
import * as fs from 'node:fs';

export interface ProcessInfo {
  pid: number;
  commandLine: string;
}

function commandLineOf(pid: string): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return undefined; // exited meanwhile
  }
}

/** Live processes whose command line contains every one of `fragments`. */
export function findProcesses(...fragments: string[]): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const commandLine = commandLineOf(entry);
    if (commandLine && fragments.every((fragment) => commandLine.includes(fragment))) {
      found.push({ pid: Number(entry), commandLine });
    }
  }
  return found;
}
