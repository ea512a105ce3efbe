/**
 * Decides, as each trial reports an epoch's metric, whether it is worth continuing. Pure and
 * asynchronous: a decision uses only what other trials have reported so far, so no trial
 * waits for another (ASHA as in Li et al. 2020; median stopping as in Google Vizier).
 */
import type { EarlyStoppingSpec } from './sweepSpec';

export type Verdict = 'continue' | 'stop';

/** Lower is better: a maximised metric is negated on the way in. */
type Score = number;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export class EarlyStopper {
  /** ASHA: the scores recorded at each rung (epoch), by trial. */
  private readonly rungs = new Map<number, Map<number, Score>>();
  /** Median rule: each trial's scores, by epoch. */
  private readonly histories = new Map<number, Score[]>();

  constructor(
    private readonly spec: EarlyStoppingSpec,
    private readonly goal: 'minimize' | 'maximize',
  ) {}

  /** Epoch numbers count from 1. A non-finite metric (diverged) always stops. */
  report(trial: number, epoch: number, metric: number): Verdict {
    if (this.spec.method === 'none') return 'continue';
    if (!Number.isFinite(metric)) return 'stop';
    const score = this.goal === 'minimize' ? metric : -metric;
    const history = this.histories.get(trial) ?? [];
    history[epoch - 1] = score;
    this.histories.set(trial, history);
    return this.spec.method === 'asha'
      ? this.asha(trial, epoch, score, this.spec.minEpochs, this.spec.reductionFactor)
      : this.medianRule(trial, epoch, this.spec.graceEpochs, this.spec.minTrials);
  }

  /** Forgets a trial's reports (it is re-run from scratch after a crash). */
  forget(trial: number): void {
    this.histories.delete(trial);
    for (const rung of this.rungs.values()) rung.delete(trial);
  }

  /** Rungs at minEpochs·η^k: a trial at a rung continues if it is in the best 1/η of the trials recorded there. */
  private asha(trial: number, epoch: number, score: Score, minEpochs: number, eta: number): Verdict {
    if (!isRung(epoch, minEpochs, eta)) return 'continue';
    const rung = this.rungs.get(epoch) ?? new Map<number, Score>();
    rung.set(trial, score);
    this.rungs.set(epoch, rung);
    const scores = [...rung.values()].sort((a, b) => a - b);
    const keep = Math.max(1, Math.floor(scores.length / eta));
    if (scores.length < eta) return 'continue';
    return score <= (scores[keep - 1] as number) ? 'continue' : 'stop';
  }

  private medianRule(trial: number, epoch: number, grace: number, minTrials: number): Verdict {
    if (epoch <= grace) return 'continue';
    const own = this.histories.get(trial) ?? [];
    const best = Math.min(...own.slice(0, epoch).filter((s) => Number.isFinite(s)));
    const others: number[] = [];
    for (const [other, history] of this.histories) {
      if (other === trial || history.length < epoch) continue;
      const upTo = history.slice(0, epoch).filter((s) => Number.isFinite(s));
      if (upTo.length > 0) others.push(upTo.reduce((a, b) => a + b, 0) / upTo.length);
    }
    if (others.length < minTrials) return 'continue';
    return best > median(others) ? 'stop' : 'continue';
  }
}

export function isRung(epoch: number, minEpochs: number, eta: number): boolean {
  for (let rung = minEpochs; rung <= epoch; rung *= eta) if (rung === epoch) return true;
  return false;
}
