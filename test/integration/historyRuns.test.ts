import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { compareMessage } from '../../extension/host/history/compareData';
import { readRunSummaries } from '../../extension/host/history/runSummary';
import { groupByModelFile, runItemShape } from '../../extension/host/history/runTreeShape';
import { readRun } from '../../extension/runs/runReader';
import { assertBuilt, bareFolder, REPO_ROOT, runCli } from './harness';

before(assertBuilt);

const MLP = fs.readFileSync(path.join(REPO_ROOT, 'examples', 'mlp-synthetic', 'model.ts'), 'utf8');

describe('run history on runs written by the real CLI', () => {
  it('lists two runs of one model file with their statuses, and the compare table flags the batch size', () => {
    const workspace = bareFolder({});
    const modelDir = path.join(workspace, 'mlp');
    fs.mkdirSync(modelDir);
    fs.writeFileSync(path.join(modelDir, 'model.ts'), MLP);
    for (const batchSize of ['32', '64']) {
      const result = runCli(['train', 'model.ts', '--epochs', '2', '--batch-size', batchSize], modelDir);
      assert.equal(result.code, 0, result.stdout + result.stderr);
    }

    const groups = groupByModelFile(readRunSummaries([workspace]), [workspace]);
    assert.equal(groups.length, 1);
    const [group] = groups;
    assert.ok(group);
    assert.equal(group.label, 'mlp/model.ts');
    assert.deepEqual(
      group.runs.map((run) => [run.info.status, run.info.config?.batchSize]),
      [
        ['completed', 64],
        ['completed', 32],
      ],
    );
    for (const run of group.runs) {
      const shape = runItemShape(run);
      assert.equal(shape.icon.id, 'pass');
      assert.match(shape.description, /^loss \d[\d.]* · val_loss \d[\d.]* · val_acc \d[\d.]* · \d+s · tensorflow$/);
    }

    const runs = group.runs.map((run) => readRun(run.runDir)).filter((run) => run !== undefined);
    const message = compareMessage(runs);
    const config = message.sections.find((section) => section.title === 'Configuration');
    const differing = config?.rows.filter((row) => row.differs).map((row) => row.label);
    assert.deepEqual(differing, ['batch size']);
    const batchSize = config?.rows.find((row) => row.label === 'batch size');
    assert.deepEqual(
      batchSize?.cells.map((cell) => [cell.text, cell.mark]),
      [
        ['64', 'none'],
        ['32', 'differs'],
      ],
    );
    assert.deepEqual(
      message.runs.map((run) => run.epochs.length),
      [2, 2],
    );
    assert.ok(message.runs.every((run) => run.epochs.every((epoch) => typeof epoch.logs.val_loss === 'number')));
    assert.ok(
      (message.runs[1]?.batches.length ?? 0) > (message.runs[0]?.batches.length ?? 0),
      'batch 32 has more steps',
    );
  });
});
