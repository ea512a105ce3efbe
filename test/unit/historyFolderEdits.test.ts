import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { deleteRun, renameRun } from '../../extension/host/history/runFolderEdits';
import { readRunSummaries } from '../../extension/host/history/runSummary';
import { readRunInfo } from '../../extension/runs/runReader';
import { runInfo } from './historyFixtures';

function workspaceWithRun(relativeStore: string, runId: string): { workspace: string; runDir: string } {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorscope-history-'));
  const runDir = path.join(workspace, relativeStore, '.tensorscope', 'runs', runId);
  fs.mkdirSync(runDir, { recursive: true });
  fs.writeFileSync(path.join(runDir, 'run.json'), JSON.stringify({ ...runInfo({ runId }), futureField: 42 }));
  fs.writeFileSync(
    path.join(runDir, 'metrics.jsonl'),
    '{"type":"epoch","epoch":1,"loss":0.5,"val_loss":0.6}\n{"type":"ba',
  );
  return { workspace, runDir };
}

describe('run folder edits', () => {
  it('renames a run in its run.json, keeping fields it does not know, and clears the name when empty', () => {
    const { runDir } = workspaceWithRun('', 'r1');
    renameRun(runDir, '  wider layers ');
    assert.equal(readRunInfo(runDir)?.name, 'wider layers');
    assert.equal(JSON.parse(fs.readFileSync(path.join(runDir, 'run.json'), 'utf8')).futureField, 42);
    renameRun(runDir, '');
    assert.equal(readRunInfo(runDir)?.name, undefined);
    assert.deepEqual(fs.readdirSync(runDir).sort(), ['metrics.jsonl', 'run.json']);
  });

  it('deletes a run folder, and refuses a folder that is not one', () => {
    const { runDir } = workspaceWithRun('', 'r2');
    assert.throws(() => deleteRun(path.dirname(runDir)), /not a Tensorscope run folder/);
    deleteRun(runDir);
    assert.equal(fs.existsSync(runDir), false);
  });

  it('finds runs in stores next to model files below the workspace, with their last epoch’s logs', () => {
    const { workspace } = workspaceWithRun('examples/mlp', 'r3');
    fs.mkdirSync(path.join(workspace, 'node_modules', 'pkg', '.tensorscope', 'runs', 'x'), { recursive: true });
    const summaries = readRunSummaries([workspace]);
    assert.deepEqual(
      summaries.map((run) => [run.info.runId, run.finalLogs]),
      [['r3', { loss: 0.5, val_loss: 0.6 }]],
    );
  });
});
