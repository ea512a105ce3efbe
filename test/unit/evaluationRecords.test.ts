/**
 * The evaluations recorded inside a run, as files: a diverged loss survives the round trip, the
 * newest readable evaluation wins over a torn or foreign file, nothing is read through a link, and a
 * run folder deleted mid-evaluation is said so instead of being made again.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  EVALUATIONS_FOLDER,
  latestEvaluation,
  latestEvaluationSummary,
  readEvaluations,
  recordEvaluation,
} from '../../extension/runs/evaluationRecords';
import { runInfo } from './historyFixtures';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorscope-evaluations-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

function runFolder(name: string): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir);
  return dir;
}

const report = {
  classes: 2,
  confusion: [
    [3, 1],
    [0, 4],
  ],
  precision: [1, 0.8],
  recall: [0.75, 1],
  accuracy: 0.875,
  mostConfidentlyWrong: [{ index: 2, label: 0, predicted: 1, confidence: 0.9 }],
};

describe('evaluation records', () => {
  it('round-trips an evaluation, a diverged loss as NaN, its report read on demand', () => {
    const dir = runFolder('round-trip');
    const file = recordEvaluation(dir, {
      split: 'test',
      checkpoint: 'checkpoint-best',
      position: { epoch: 3, step: 90 },
      logs: { loss: Number.NaN, acc: 0.875 },
      classification: report,
      seed: 7,
    });
    assert.equal(path.dirname(file), path.join(dir, EVALUATIONS_FOLDER));
    const [read] = readEvaluations(dir, runInfo());
    assert.equal(read?.file, file);
    assert.ok(Number.isNaN(read?.logs.loss));
    assert.deepEqual([read?.epoch, read?.step, read?.seed, read?.logs.acc], [3, 90, 7, 0.875]);
    assert.deepEqual(latestEvaluationSummary(dir, runInfo())?.classification, report);
  });

  it('the newest readable evaluation wins; torn, foreign and linked files are passed over', () => {
    const dir = runFolder('tolerant');
    const older = recordEvaluation(
      dir,
      { split: 'test', checkpoint: 'checkpoint-last', logs: { loss: 1 } },
      new Date(1e12),
    );
    const folder = path.join(dir, EVALUATIONS_FOLDER);
    fs.writeFileSync(path.join(folder, '20990101-000000-000-1-aaaa.json'), '{"formatVersion":1,"split":"te');
    fs.writeFileSync(path.join(folder, 'notes.json'), '{}');
    const outside = path.join(root, 'outside.json');
    fs.copyFileSync(older, outside);
    fs.symlinkSync(outside, path.join(folder, '20990101-000000-000-2-bbbb.json'));
    assert.equal(latestEvaluation(dir, runInfo())?.file, older);
    assert.deepEqual(
      readEvaluations(dir, runInfo()).map((evaluation) => evaluation.file),
      [older],
    );
  });

  it('a run folder deleted while it was evaluated is said so, not made again', () => {
    const dir = path.join(root, 'deleted');
    assert.throws(
      () => recordEvaluation(dir, { split: 'test', checkpoint: 'checkpoint-best', logs: {} }),
      /The run folder .*deleted is gone/,
    );
    assert.equal(fs.existsSync(dir), false);
  });
});
