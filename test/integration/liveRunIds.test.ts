/**
 * The live panel follows the live run only: a real trainer feeds the host's real LiveRun while a
 * recorded run from Run History is opened; the recorded run shows exactly what is on its disk, the
 * training run's messages change nothing of it, and reopening the training run shows its own data,
 * without repeats, as it goes on.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { createLiveRun } from '../../bench/memory.pipeline';
import type { RunAppend } from '../../extension/host/panel/runFeed';
import { toBatchColumns } from '../../extension/protocol/batchColumns';
import { TrainerProcess } from '../../extension/supervisor/trainerProcess';
import type { TrainerToHost } from '../../extension/protocol/trainerMessages';
import { readRun, type RunContents } from '../../extension/runs/runReader';
import { assertBuilt, bareFolder, onlyRun, runCli, TINY_MODEL, TRAINER, waitFor } from './harness';

before(assertBuilt);

function liveSteps(received: TrainerToHost[]): number {
  return received.filter((message) => message.type === 'batches').length;
}

describe('live run and shown run are kept apart', () => {
  it('opening a recorded run during training mixes no data, and the training run shows again intact', async () => {
    const dir = bareFolder({ 'model.ts': TINY_MODEL });
    assert.equal(runCli(['train', 'model.ts'], dir).code, 0);
    const recorded = onlyRun(dir);

    const liveRun = createLiveRun();
    const appends: RunAppend[] = [];
    liveRun.onDidAppend((append) => appends.push(append));
    const received: TrainerToHost[] = [];
    let trainingRunId: string | undefined;
    // What RunController does: every message goes to the LiveRun with the id of the run its trainer created.
    const trainingDir = bareFolder({ 'model.ts': TINY_MODEL.replace('epochs: 4', 'epochs: 5000') });
    const trainer = new TrainerProcess({
      trainerScript: TRAINER,
      cwd: trainingDir,
      onMessage: (message) => {
        if (message.type === 'runCreated') trainingRunId = message.runId;
        received.push(message);
        liveRun.apply(message, trainingRunId);
      },
      onInvalidMessage: (error) => assert.fail(error),
    });
    trainer.send({
      type: 'start',
      command: 'train',
      modelFile: path.join(trainingDir, 'model.ts'),
      options: { backend: 'auto' },
    });
    await waitFor(() => liveSteps(received) >= 5, 60_000, 'live batches');
    assert.equal(liveRun.current?.runId, trainingRunId, 'a new run is shown as it starts');

    liveRun.showRecorded(recorded);
    const appendsBefore = appends.length;
    const messagesAtSwitch = liveSteps(received);
    await waitFor(() => liveSteps(received) >= messagesAtSwitch + 10, 60_000, 'more live batches');
    await new Promise((resolve) => setTimeout(resolve, 100)); // past the append coalescing interval

    const shown = liveRun.snapshot();
    assert.equal(shown.header?.runId, recorded.info.runId);
    assert.equal(shown.header?.status, 'completed');
    assert.deepEqual(shown.batches, toBatchColumns(recorded.batches), 'the recorded run shows exactly its own batches');
    assert.deepEqual(shown.epochs, recorded.epochs);
    const later = appends.slice(appendsBefore);
    assert.ok(
      later.every((append) => append.runId === recorded.info.runId && append.batches.step.length === 0),
      'no live batch reached the panel while the recorded run is shown',
    );
    assert.equal(liveRun.trainingRunId, trainingRunId, 'the run being trained is still known');

    // Reopen the training run (Run History → Open): what is on disk, then the live messages, no repeats.
    const created = received.find((message) => message.type === 'runCreated');
    assert.ok(created?.type === 'runCreated');
    liveRun.showRecorded(readRun(created.runDir) as RunContents);
    const reopenedAt = liveSteps(received);
    await waitFor(() => liveSteps(received) >= reopenedAt + 10, 60_000, 'live batches after reopening');
    await trainer.stop();
    const back = liveRun.snapshot();
    assert.equal(back.header?.runId, trainingRunId);
    assert.equal(back.header?.status, 'stopped');
    const steps = [...back.batches.step];
    assert.deepEqual(
      steps,
      Array.from({ length: steps.length }, (_, i) => i + 1),
      'steps 1..n, none repeated or missing',
    );
    const lastReceived = received.flatMap((message) => (message.type === 'batches' ? message.records : [])).at(-1);
    assert.equal(steps.at(-1), lastReceived?.step, 'every batch received is shown, including those sent while hidden');
  });
});
