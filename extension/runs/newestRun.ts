/**
 * "The newest run" for every view and command that picks one (the loss panel's first run, Evaluate's
 * checkpoint, the hover's recorded run, a Ray trial's folder). Run ids begin with their start time;
 * ids written before 0.2 tell only the second, and two runs can start in one millisecond, so the
 * id orders runs only roughly: runs whose ids name the same second are ordered by run.json's
 * `startedAt`. Only run.json files are read, and only as far as the first accepted run's second.
 */
import * as path from 'node:path';
import type { RunInfo } from './runFiles';
import { readRunInfo } from './runReader';

/** A run id's start, to the second: `20261130-134231` of `20261130-134231-417-train-2970` (or of a 0.1 `20261130-134231-train-2970`). */
export function runStartSecond(runDir: string): string {
  return path.basename(runDir).slice(0, 15);
}

export interface NewestRun {
  dir: string;
  info: RunInfo;
}

/** Run folders (from any run stores) newest id first: by folder name, whatever folder holds them. */
function byIdNewestFirst(dirs: readonly string[]): string[] {
  return [...new Set(dirs)].sort((a, b) => path.basename(b).localeCompare(path.basename(a)));
}

/** run.json's start time; a run whose start is unreadable is older than every run that has one. */
function startTime(info: RunInfo): number {
  const time = Date.parse(info.startedAt);
  return Number.isNaN(time) ? -Infinity : time;
}

/**
 * The newest run among `dirs` whose run.json `accept`s, by start time. A folder without a
 * readable run.json is passed over. Runs that started at the same instant are ordered by id.
 */
export function newestRun(
  dirs: readonly string[],
  accept: (info: RunInfo, dir: string) => boolean = () => true,
): NewestRun | undefined {
  let newest: (NewestRun & { started: number }) | undefined;
  for (const dir of byIdNewestFirst(dirs)) {
    if (newest !== undefined && runStartSecond(dir) !== runStartSecond(newest.dir)) break;
    const info = readRunInfo(dir);
    if (info === undefined || !accept(info, dir)) continue;
    const started = startTime(info);
    if (newest === undefined || started > newest.started) newest = { dir, info, started };
  }
  return newest && { dir: newest.dir, info: newest.info };
}
