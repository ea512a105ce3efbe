import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { RunFollower, type FollowTarget } from '../../extension/host/history/runFollower';
import type { EpochRecord } from '../../extension/protocol/records';
import { RUNS_FOLDER, type RunInfo } from '../../extension/runs/runFiles';
import { assertBuilt, bareFolder, CLI, REPO_ROOT, waitFor } from './harness';

before(assertBuilt);

const MLP = fs.readFileSync(path.join(REPO_ROOT, 'examples', 'mlp-synthetic', 'model.ts'), 'utf8');

describe('attach', () => {
  it('follows a run that a separate CLI process writes, seeing its epochs arrive before it ends', async () => {
    const dir = bareFolder({ 'model.ts': MLP });
    const child = spawn(process.execPath, [CLI, 'train', 'model.ts', '--epochs', '8', '--batch-size', '16'], {
      cwd: dir,
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const runsDir = path.join(dir, RUNS_FOLDER);
      await waitFor(() => fs.existsSync(runsDir) && fs.readdirSync(runsDir).length > 0, 120_000, 'the run folder');
      const runDir = path.join(runsDir, fs.readdirSync(runsDir)[0] as string);
      await waitFor(() => fs.existsSync(path.join(runDir, 'run.json')), 10_000, 'run.json');

      const epochsSeenWhileRunning: number[] = [];
      const epochs: EpochRecord[] = [];
      let shownStatus = '';
      let lastStatus = '';
      const target: FollowTarget = {
        showRecorded: (run) => {
          shownStatus = run.info.status;
          epochs.push(...run.epochs);
        },
        appendRecorded: (info: RunInfo, _batches, newEpochs) => {
          lastStatus = info.status;
          epochs.push(...newEpochs);
          if (child.exitCode === null && info.status === 'running')
            epochsSeenWhileRunning.push(...newEpochs.map((epoch) => epoch.epoch));
        },
      };
      let ended: RunInfo | undefined;
      const follower = new RunFollower(runDir, target, { intervalMs: 100, onEnd: (info) => (ended = info) });
      assert.equal(await follower.start(), true);
      assert.equal(shownStatus, 'running');
      await waitFor(() => ended !== undefined, 180_000, 'the followed run to end');

      assert.equal(await exited, 0);
      assert.equal(ended?.status, 'completed');
      assert.equal(lastStatus, 'completed');
      assert.equal(follower.following, false);
      assert.ok(epochsSeenWhileRunning.length >= 2, `epochs seen while running: ${epochsSeenWhileRunning.join(', ')}`);
      assert.deepEqual(
        epochs.map((epoch) => epoch.epoch),
        [1, 2, 3, 4, 5, 6, 7, 8],
      );
    } finally {
      if (child.exitCode === null) child.kill();
    }
  });
});
