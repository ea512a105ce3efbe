/**
 * Follows a sweep on disk for the HParams view: re-reads sweep.json when it changed and reads
 * each trial's metrics.jsonl from where it left off (streamed, never the whole file again), so
 * every trial's metric per epoch is at hand. No vscode: unit-tested on real files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TrialCurve } from '../../protocol/hparamsMessages';
import type { SweepRecord } from '../../protocol/sweep';
import { METRICS_FILE } from '../../runs/runFiles';
import { SWEEP_FILE, readSweep } from '../../sweep/sweepStore';
import { MetricsTailer } from '../history/metricsTailer';

interface FollowedTrial {
  runDir: string;
  tailer: MetricsTailer;
  curve: TrialCurve;
}

export interface SweepSnapshot {
  record: SweepRecord;
  curves: TrialCurve[];
}

export class SweepFollower {
  private stamp = '';
  private record: SweepRecord | undefined;
  private readonly trials = new Map<number, FollowedTrial>();

  constructor(readonly sweepDir: string) {}

  /** The sweep now, or undefined when nothing changed since the last poll (or sweep.json cannot be read yet). */
  poll(): SweepSnapshot | undefined {
    const recordChanged = this.readRecord();
    const record = this.record;
    if (!record) return undefined;
    let curvesChanged = false;
    for (const trial of record.trials) {
      if (trial.runDir === null) continue;
      curvesChanged = this.readTrial(trial.index, trial.runDir, record.spec.metric) || curvesChanged;
    }
    if (!recordChanged && !curvesChanged) return undefined;
    return { record, curves: [...this.trials.values()].map((t) => t.curve) };
  }

  private readRecord(): boolean {
    const file = path.join(this.sweepDir, SWEEP_FILE);
    let stamp: string;
    try {
      const stat = fs.statSync(file);
      stamp = `${stat.mtimeMs}:${stat.size}`;
    } catch {
      return false;
    }
    if (stamp === this.stamp) return false;
    try {
      this.record = readSweep(this.sweepDir);
      this.stamp = stamp;
      return true;
    } catch {
      return false; // written by another version, or being replaced: try again at the next poll
    }
  }

  /** Reads the trial's new epochs; a trial re-run in a new folder starts a new curve. */
  private readTrial(index: number, runDir: string, metric: string): boolean {
    let followed = this.trials.get(index);
    if (!followed || followed.runDir !== runDir) {
      followed = {
        runDir,
        tailer: new MetricsTailer(path.join(runDir, METRICS_FILE)),
        curve: { index, epochs: [], values: [] },
      };
      this.trials.set(index, followed);
    }
    const read = followed.tailer.read();
    if (read.reset) followed.curve = { index, epochs: [], values: [] };
    let changed = read.reset;
    for (const line of read.lines) {
      if (line.type !== 'epoch' || typeof line.epoch !== 'number') continue;
      const value = line[metric];
      followed.curve.epochs.push(line.epoch);
      followed.curve.values.push(typeof value === 'number' ? value : null);
      changed = true;
    }
    return changed;
  }
}
