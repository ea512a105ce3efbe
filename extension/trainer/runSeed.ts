/**
 * One seed per run for everything in the trainer that draws from `Math.random`: the model
 * file's own random data, tfjs's initializers and unseeded random ops, fit's shuffling. A run
 * records its seed in run.json; evaluate and resume use the seed of the run they continue, so a
 * `loadData()` that draws random data without a seed returns the same data again.
 */
import { randomInt } from 'node:crypto';
import type { TrainOptions } from '../protocol/trainerMessages';
import { readRunInfo } from '../runs/runReader';
import type { ResumePoint } from './resumePoint';
import { seededRandom } from '../runs/seededRandom';

const MAX_SEED = 2 ** 32 - 1;

export function newSeed(): number {
  return randomInt(MAX_SEED);
}

/** The seed a command runs with: the run it continues (resume) or scores (evaluate), else the option or a new one. */
export function runSeed(
  command: 'train' | 'evaluate' | 'resume',
  options: TrainOptions,
  resume: ResumePoint | undefined,
  evaluatedRunDir: string | undefined,
): number {
  const continued =
    command === 'resume'
      ? resume?.info.seed
      : command === 'evaluate' && evaluatedRunDir
        ? readRunInfo(evaluatedRunDir)?.seed
        : undefined;
  return continued ?? options.seed ?? newSeed();
}

/** Replaces `Math.random` in this (trainer) process with a generator seeded with `seed`. */
export function seedMathRandom(seed: number): void {
  Math.random = seededRandom(seed);
}
