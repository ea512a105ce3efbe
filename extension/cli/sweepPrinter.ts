/** The sweep's terminal output: a line as each trial starts and ends, and a ranked summary at the end. */
import * as path from 'node:path';
import type { SweepRecord, TrialParams, TrialRecord } from '../protocol/sweep';
import type { SweepListener } from '../sweep/sweepScheduler';
import { trialSeconds } from '../sweep/sweepScheduler';

const SUMMARY_ROWS = 10;

export function formatParams(params: TrialParams): string {
  return Object.entries(params)
    .map(([name, value]) => `${name}=${typeof value === 'number' ? Number(value.toPrecision(4)) : String(value)}`)
    .join(' ');
}

function formatMetric(value: number | null): string {
  return value === null ? '—' : Number.isFinite(value) ? value.toFixed(4) : String(value);
}

export class SweepPrinter implements SweepListener {
  private total = 0;
  private metric = '';

  constructor(
    private readonly write: (line: string) => void,
    private readonly cwd: string,
  ) {}

  changed(record: SweepRecord): void {
    this.total = record.trials.length;
    this.metric = record.spec.metric;
  }

  trialStarted(trial: TrialRecord): void {
    this.write(`[trial ${trial.index + 1}/${this.total}] started   ${formatParams(trial.params)}`);
  }

  trialEnded(trial: TrialRecord): void {
    const seconds = trialSeconds(trial);
    const took = seconds === null ? '' : `, ${seconds.toFixed(1)} s`;
    const why = trial.error ? `: ${trial.error}` : '';
    this.write(
      `[trial ${trial.index + 1}/${this.total}] ${trial.state.padEnd(9)} ${this.metric} ${formatMetric(trial.metric)} (${trial.epochs} epochs${took})${why}`,
    );
  }

  log(text: string): void {
    this.write(text);
  }

  summary(record: SweepRecord, sweepDir: string): void {
    const sign = record.spec.goal === 'minimize' ? 1 : -1;
    const ranked = record.trials
      .filter((t) => t.metric !== null)
      .sort((a, b) => sign * ((a.metric as number) - (b.metric as number)));
    const counts = new Map<string, number>();
    for (const t of record.trials) counts.set(t.state, (counts.get(t.state) ?? 0) + 1);
    this.write('');
    this.write(`Sweep ${record.sweepId}: ${record.status} (${[...counts].map(([s, n]) => `${n} ${s}`).join(', ')})`);
    for (const trial of ranked.slice(0, SUMMARY_ROWS)) {
      this.write(
        `  ${String(trial.index + 1).padStart(3)}  ${formatMetric(trial.metric).padStart(10)}  ${trial.state.padEnd(9)} ${formatParams(trial.params)}`,
      );
    }
    if (record.best)
      this.write(
        `Best: trial ${record.best.index + 1}, ${record.spec.metric} ${formatMetric(record.best.metric)}: ${formatParams(record.best.params)}`,
      );
    this.write(`Recorded in ${path.relative(this.cwd, path.join(sweepDir, 'sweep.json')) || sweepDir}`);
  }
}
