/**
 * The `evaluate` command: scores a run's checkpoint and records the result inside that run
 * (`evaluations/`, see runs/evaluationRecords.ts). It makes no run folder and takes no writer
 * lock, so a run can be evaluated while it trains; with the run's seed, so a `loadData()` that
 * draws random data draws the data the run trained on.
 */
import * as path from 'node:path';
import type { TrainerError } from '../protocol/model';
import { recordEvaluation } from '../runs/evaluationRecords';
import { readRunInfo } from '../runs/runReader';
import { noteDataChecksum } from './dataChecksum';
import { evaluateCheckpoint, latestCheckpointRun } from './evaluate';
import { TrainerFailure, toTrainerError } from './failure';
import { loadModelFile, type Send } from './loadModelFile';
import { PhaseTracker, settlesBeforeNodeIdles } from './neverSettles';
import type { RunRequest, RunResult } from './runTraining';
import { runSeed, seedMathRandom } from './runSeed';
import { holdScriptFits } from './script/holdScriptFits';
import { scriptRefusal } from './script/scriptRefusal';

/**
 * The run to score: the one named (`evaluateRunDir`), else the model file's newest run with a
 * checkpoint; `runDir` undefined when the file has none.
 */
function chooseRun(request: RunRequest): { runDir: string | undefined; modelFile: string } {
  const named = request.options.evaluateRunDir;
  if (named !== undefined) {
    const runDir = path.resolve(named);
    const info = readRunInfo(runDir);
    if (!info) throw new TrainerFailure('contract', `Not a Tensorscope run folder (no readable run.json): ${runDir}`);
    if (info.command === 'evaluate')
      throw new TrainerFailure('contract', `${path.basename(runDir)} is an evaluation, not a trained run.`);
    return { runDir, modelFile: info.modelFile };
  }
  const modelFile = path.resolve(request.modelFile);
  return { runDir: latestCheckpointRun(modelFile, request.options.workspaceDir ?? path.dirname(modelFile)), modelFile };
}

/**
 * A file with no checkpoint yet: a training script is told it is not evaluated (not to train it
 * first, which would only lead to that); a module-mode file, to train it first.
 */
async function noCheckpointYet(modelFile: string, request: RunRequest, send: Send): Promise<TrainerFailure> {
  const loaded = await loadModelFile(modelFile, request.options, send, ({ tf }) => void holdScriptFits(tf));
  if (!loaded.module) return scriptRefusal(modelFile, 'evaluated');
  return new TrainerFailure(
    'contract',
    `No checkpoint yet for ${path.basename(modelFile)}: train it first.`,
    undefined,
    'Run "Tensorscope: Train" (or `tensorscope train <file>`), then evaluate.',
  );
}

async function evaluateAndRecord(runDir: string, modelFile: string, request: RunRequest, send: Send): Promise<void> {
  const info = readRunInfo(runDir);
  if (info?.mode === 'script') throw scriptRefusal(modelFile, 'evaluated');
  const seed = runSeed('evaluate', request.options, undefined, runDir);
  seedMathRandom(seed);
  send({
    type: 'evaluationStarted',
    runId: info?.runId ?? path.basename(runDir),
    runDir,
    modelFile,
    startedAt: Date.now(),
  });
  let release: (() => void) | undefined;
  const loaded = await loadModelFile(modelFile, request.options, send, ({ tf }) => (release = holdScriptFits(tf)));
  if (!loaded.module) throw scriptRefusal(modelFile, 'evaluated');
  release?.();
  send({ type: 'phase', phase: 'evaluating' });
  let dataChanged: boolean | undefined;
  const evaluation = await evaluateCheckpoint(
    loaded.tf,
    loaded.module,
    modelFile,
    runDir,
    request.options,
    async (data) => {
      const consequence = 'the evaluation scores the model on another task.';
      dataChanged = await noteDataChecksum(loaded.tf, data, { ...(info && { compareWith: info }), consequence }, send);
    },
  );
  const recordedIn = recordEvaluation(runDir, {
    ...evaluation,
    seed,
    ...(dataChanged !== undefined && { dataChanged }),
    backend: loaded.backend.name,
  });
  const { split, checkpoint, logs, classification } = evaluation;
  send({ type: 'evaluation', split, checkpoint, logs, ...(classification && { classification }), recordedIn });
}

export async function runEvaluation(request: RunRequest, send: Send): Promise<RunResult> {
  const phases = new PhaseTracker(send);
  let runDir = '';
  let modelFile = path.resolve(request.modelFile);
  let error: TrainerError | undefined;
  try {
    let chosen: string | undefined;
    ({ runDir: chosen, modelFile } = chooseRun(request));
    if (chosen === undefined) throw await noCheckpointYet(modelFile, request, phases.send);
    runDir = chosen;
    await settlesBeforeNodeIdles(evaluateAndRecord(runDir, modelFile, request, phases.send), () => phases.stage);
  } catch (caught) {
    error = toTrainerError(caught, modelFile, path.dirname(modelFile));
  }
  const status = error ? 'failed' : 'completed';
  send({ type: 'runEnded', status, endedAt: Date.now(), ...(error && { error }) });
  return { status, runDir, ...(error && { error }) };
}
