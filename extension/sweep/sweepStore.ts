/**
 * `sweep.json`: a sweep's spec, each trial's state and the best so far, in
 * `<workspace>/.tensorscope/sweeps/<sweep-id>/`. Written whole and atomically on every change,
 * so a crash leaves the last complete state, from which the sweep resumes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../runs/atomicWrite';
import { newRunId } from '../runs/runFiles';
import { parseSweepRecord, type SweepRecord } from '../protocol/sweep';

export const SWEEPS_FOLDER = '.tensorscope/sweeps';
export const SWEEP_FILE = 'sweep.json';

export function newSweepId(modelFile: string): string {
  return `sweep-${newRunId(modelFile)}`;
}

export function sweepDirOf(workspaceDir: string, sweepId: string): string {
  return path.join(workspaceDir, SWEEPS_FOLDER, sweepId);
}

export function writeSweep(sweepDir: string, record: SweepRecord): void {
  fs.mkdirSync(sweepDir, { recursive: true });
  writeFileAtomic(path.join(sweepDir, SWEEP_FILE), `${JSON.stringify(record, null, 2)}\n`);
}

/** The sweep recorded in a folder (or its sweep.json); throws with what is wrong when it cannot be read. */
export function readSweep(sweepDirOrFile: string): SweepRecord {
  const file = sweepDirOrFile.endsWith('.json') ? sweepDirOrFile : path.join(sweepDirOrFile, SWEEP_FILE);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = parseSweepRecord(json);
  if (!parsed.ok) throw new Error(`${file} is not a Tensorscope sweep: ${parsed.error}`);
  return parsed.value;
}

/** The sweeps recorded under a workspace, newest first. */
export function listSweepDirs(workspaceDir: string): string[] {
  const root = path.join(workspaceDir, SWEEPS_FOLDER);
  let names: string[];
  try {
    names = fs.readdirSync(root);
  } catch {
    return [];
  }
  return names
    .filter((name) => fs.existsSync(path.join(root, name, SWEEP_FILE)))
    .sort()
    .reverse()
    .map((name) => path.join(root, name));
}
