import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { parseSweepArguments } from '../../extension/cli/sweepArguments';
import type { SweepRecord, TrialRecord } from '../../extension/protocol/sweep';
import { planParallelism } from '../../extension/sweep/parallelism';
import { shellQuote, trialEntryPoint } from '../../extension/sweep/rayExecutor';
import { bestTrial } from '../../extension/sweep/sweepScheduler';
import { configForTrial, paramsFromConfig } from '../../extension/sweep/trialConfig';
import type { UserConfig } from '../../extension/trainer/modelModule';

test('parallelism: one thread per trial and a trial per core by default; never more threads than cores', () => {
  assert.deepEqual(planParallelism(2, {}), { parallel: 2, threadsPerTrial: 1 });
  assert.deepEqual(planParallelism(8, { parallel: 2 }), { parallel: 2, threadsPerTrial: 4 });
  assert.deepEqual(planParallelism(8, { threads: 2 }), { parallel: 4, threadsPerTrial: 2 });
  assert.deepEqual(planParallelism(2, { parallel: 4 }), { parallel: 4, threadsPerTrial: 1 });
  assert.deepEqual(planParallelism(3, { threads: 4 }), { parallel: 1, threadsPerTrial: 4 });
});

test('sweep arguments: defaults, every option, and a message for each mistake', () => {
  assert.deepEqual(parseSweepArguments(['m.ts']), {
    executor: 'local',
    backend: 'auto',
    sampleEveryBatches: 0,
    modelFile: 'm.ts',
  });
  assert.deepEqual(
    parseSweepArguments([
      'm.ts',
      '--trials',
      '16',
      '--parallel',
      '2',
      '--executor',
      'ray',
      '--address',
      'http://10.0.0.1:8265/',
    ]),
    {
      executor: 'ray',
      backend: 'auto',
      sampleEveryBatches: 0,
      modelFile: 'm.ts',
      trials: 16,
      parallel: 2,
      address: 'http://10.0.0.1:8265',
    },
  );
  assert.equal((parseSweepArguments(['--resume', 'd']) as { resume?: string }).resume, 'd');
  assert.equal(parseSweepArguments([]), 'sweep needs a model file (or --resume <sweep-dir>)');
  assert.equal(parseSweepArguments(['m.ts', '--trials', '0']), '--trials needs a positive integer, got 0');
  assert.equal(parseSweepArguments(['m.ts', '--executor', 'slurm']), '--executor must be local or ray, got slurm');
  assert.match(parseSweepArguments(['m.ts', '--executor', 'ray']) as string, /--executor ray needs --address/);
  assert.match(
    parseSweepArguments(['m.ts', '--executor', 'ray', '--address', '10.0.0.1']) as string,
    /Ray dashboard's URL/,
  );
  assert.equal(parseSweepArguments(['m.ts', '--address', 'http://h:8265']), '--address goes with --executor ray');
  assert.equal(parseSweepArguments(['m.ts', '--fast']), 'Unknown option --fast');
});

test('a trial parameter that names a config field replaces it; other parameters leave config alone', () => {
  const config = { epochs: 5, learningRate: 0.01, optimizer: 'adam' };
  assert.deepEqual(configForTrial(config, { learningRate: 0.1, optimizer: 'sgd', units: 8 }), {
    epochs: 5,
    learningRate: 0.1,
    optimizer: 'sgd',
  });
  assert.equal(configForTrial(config, undefined), config);
});

function trial(index: number, state: TrialRecord['state'], metric: number | null): TrialRecord {
  return { index, params: { i: index }, state, runDir: null, metric, epochs: 1, startedAt: null, endedAt: null };
}

test('the best trial is the best completed one; before any completes, the best reported', () => {
  const record = (goal: 'minimize' | 'maximize', trials: TrialRecord[]) =>
    ({ spec: { goal }, trials }) as unknown as SweepRecord;
  const trials = [
    trial(0, 'completed', 0.5),
    trial(1, 'pruned', 0.1),
    trial(2, 'completed', 0.3),
    trial(3, 'failed', null),
  ];
  assert.deepEqual(bestTrial(record('minimize', trials)), { index: 2, metric: 0.3, params: { i: 2 } });
  assert.equal(bestTrial(record('maximize', trials))?.index, 0);
  assert.equal(bestTrial(record('minimize', [trial(0, 'running', 0.4), trial(1, 'pruned', 0.2)]))?.index, 1);
  assert.equal(bestTrial(record('minimize', [trial(0, 'running', Number.NaN)])), null);
});

test("a Ray job's entry point is one shell line that gives the CLI its arguments back unchanged", () => {
  const launch = {
    tag: { sweepId: 's1', index: 3, params: { name: "it's", lr: 0.01 } },
    modelFile: '/work/my models/model.ts',
    workspaceDir: '/work/my models',
    threads: 1,
    backend: 'auto' as const,
    epochs: 2,
  };
  const line = trialEntryPoint({ nodePath: '/usr/bin/node', cliPath: '/opt/ts/dist/cli.js' }, launch);
  assert.equal(shellQuote('/usr/bin/node'), '/usr/bin/node');
  const args = line.replace(/^\S+ \S+ /, '');
  const echo = `node -e 'console.log(JSON.stringify(process.argv.slice(1)))' -- ${args}`;
  const words = JSON.parse(execFileSync('sh', ['-c', echo], { encoding: 'utf8' })) as string[];
  assert.deepEqual(words, [
    'train',
    '/work/my models/model.ts',
    '--runs-in',
    '/work/my models',
    '--backend',
    'auto',
    '--sweep-trial',
    JSON.stringify(launch.tag),
    '--epochs',
    '2',
  ]);
});

test('a plain run of a file with a sweep passes the parameters config sets (where Apply Best wrote them)', () => {
  const sweep = {
    metric: 'val_loss',
    parameters: { units: [8, 16], learningRate: { min: 0.001, max: 0.1 }, depth: [1, 2] },
  };
  assert.deepEqual(paramsFromConfig({ learningRate: 0.01, units: 16 } as UserConfig, sweep), {
    units: 16,
    learningRate: 0.01,
  });
  assert.equal(paramsFromConfig({ learningRate: 0.01 }, undefined), undefined);
  assert.equal(paramsFromConfig({ epochs: 3 }, sweep), undefined);
});
