/**
 * One run, start to end: the same code behind the extension's trainer process and the CLI.
 * Every outcome, including a model file that does not build, ends in the run folder.
 */
import * as path from 'node:path';
import type { TrainerError } from '../protocol/model';
import type { EndStatus, TrainOptions } from '../protocol/trainerMessages';
import { readGitInfo } from '../runs/gitInfo';
import type { LongTexts } from '../runs/boundedRecord';
import { recoverCheckpoints } from '../runs/checkpointFiles';
import { readRunInfo } from '../runs/runReader';
import { RunWriter } from '../runs/runWriter';
import { restoreCheckpoint } from './checkpoint';
import { chooseExecution, executionInfo } from './compiled/executionChoice';
import { checkDataFitsModel } from './dataCheck';
import { releaseDatasetHeads } from './data/datasetHead';
import { noteBatchedDatasets, optionsForBatchedData } from './datasetBatching';
import { recordDataReport } from './data/recordDataReport';
import { noteDataChecksum } from './dataChecksum';
import { runEvaluation } from './evaluationRun';
import { TrainerFailure, toTrainerError } from './failure';
import { DEFAULT_SAMPLE_EVERY_BATCHES, LayerInspector } from './inspection/layerInspector';
import { RunRecorder, announceTraining, divergenceFailure } from './runRecorder';
import { loadModelFile, type LoadedModelFile, type Send } from './loadModelFile';
import { chooseBackendForModel } from './tensorflow';
import type { ModelModule } from './modelModule';
import { FitInterceptor } from './script/fitInterceptor';
import { CustomLoopWatch } from './script/customLoopWatch';
import { reportIdleStop, stopWhileIdle, type FitActivity } from './script/idleStop';
import { relayStopAsSigint } from './script/stopAsSigint';
import { concurrentFitNote } from './script/otherModelNote';
import { holdScriptFits } from './script/holdScriptFits';
import { ScriptRun, scriptDone, unhandledScriptError } from './script/scriptRun';
import { scriptRefusal } from './script/scriptRefusal';
import { summarizeModel } from './modelSummary';
import { PhaseTracker, settlesBeforeNodeIdles } from './neverSettles';
import { probeBatch } from './probeBatch';
import { trackOpenRun, trackScript } from './processEnd';
import { acquireRunLock, findResumePoint, type ResumePoint } from './resumePoint';
import { runSeed, seedMathRandom } from './runSeed';
import type { RunControl } from './runControl';
import { configForTrial } from '../sweep/trialConfig';
import { compileIfNeeded, resolveConfig } from './trainingConfig';
import { samplesPerEpoch, trainModel } from './trainingLoop';
import { wrapUserCallbacks, type ControlChange } from './userCallbacks';

export type { Send } from './loadModelFile';

export interface RunRequest {
  command: 'train' | 'evaluate' | 'resume';
  modelFile: string;
  options: TrainOptions;
}

/** A resume stopped before it took its run over (see RunWriter.continueRun). */
class ResumeCancelled extends Error {}

export interface RunResult {
  status: EndStatus;
  runDir: string;
  error?: TrainerError;
}

async function train(
  loaded: LoadedModelFile & { module: ModelModule },
  request: RunRequest,
  writer: RunWriter,
  send: Send,
  control: RunControl,
  resume: ResumePoint | undefined,
): Promise<EndStatus> {
  const { tf, module } = loaded;
  send({ type: 'phase', phase: 'building' });
  const params = request.options.trial?.params;
  const model = await module.createModel(params);
  send({ type: 'phase', phase: 'loadingData' });
  const data = await module.loadData(params);
  const datasetBatch = await noteBatchedDatasets(tf, model, data);
  await noteDataChecksum(
    tf,
    data,
    { writer, compareWith: resume?.info, consequence: 'resuming trains on another task, so the loss may jump.' },
    send,
  );
  const longTexts: LongTexts = {};
  const userConfig = configForTrial(module.config, params);
  const resolved = resolveConfig(
    userConfig,
    optionsForBatchedData(optionsForRun(request.options, resume), userConfig, datasetBatch, send),
    model,
    request.modelFile,
    longTexts,
  );
  const config = compileIfNeeded(tf, model, resolved, request.modelFile, userConfig);
  await checkDataFitsModel(tf, model, data, config, request.modelFile);
  releaseDatasetHeads(tf);
  if (resume) {
    await restoreCheckpoint(tf, model, resume.checkpointDir, (layer) => loaded.sources.sourceOf(layer));
    // A stop asked for while the model was rebuilt ends the resume here, the run as it was. Its
    // message is read in the event loop's poll phase, which model code that never yields held up:
    // two turns of the check phase have a poll between them.
    for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
    if (control.requested) throw new ResumeCancelled();
    // The model is rebuilt and its weights loaded: only now does the run change on disk.
    writer.continueRun();
  }
  const backend = await chooseBackendForModel({ tf, info: loaded.backend }, model, request.options.backend);
  const summary = summarizeModel(model, loaded.sources);
  const samples = samplesPerEpoch(tf, data.train, config);
  const stepsPerEpoch = samples === null ? null : Math.ceil(samples / config.batchSize);
  const execution = await chooseExecution(tf, model, data, config, request.options.compile ?? 'auto');
  announceTraining(writer, send, {
    mode: 'module',
    config,
    backend,
    execution: executionInfo(execution),
    summary,
    stepsPerEpoch,
    samplesPerEpoch: samples,
    longTexts,
  });
  // After the announcement: a resume whose checkpoint fails to load must not have written to the run.
  await recordDataReport(tf, data, writer, send, request.modelFile);

  const recorder = new RunRecorder(tf, writer, send, model, control);
  if (resume)
    recorder.onControl({
      action: 'resume',
      step: resume.start.step,
      epoch: resume.start.epoch,
      time: Date.now(),
      value: null,
    });
  const sampleEvery = request.options.sampleEveryBatches ?? DEFAULT_SAMPLE_EVERY_BATCHES;
  const probe = sampleEvery > 0 ? await probeBatch(tf, model, data) : undefined;
  const inspector = probe && new LayerInspector(tf, model, probe.inputs, probe.label, sampleEvery, recorder);
  send({ type: 'phase', phase: 'training' });
  try {
    const userCallbacks = (report: (change: ControlChange) => void) =>
      wrapUserCallbacks(tf, model, module.config.callbacks, request.modelFile, report);
    const outcome = await trainModel(
      tf,
      model,
      data,
      config,
      recorder,
      control,
      inspector,
      resume?.start,
      execution,
      userCallbacks,
    );
    const diverged = divergenceFailure(recorder);
    if (diverged) throw diverged;
    return outcome;
  } finally {
    inspector?.dispose();
    if (execution.execution === 'graph') execution.compiled.dispose();
  }
}

/**
 * A resumed run goes on to the epochs and batch size it was started with (the file's config may have
 * changed since, or the run was started with --epochs); what the user asks for now wins.
 */
function optionsForRun(options: RunRequest['options'], resume: ResumePoint | undefined): RunRequest['options'] {
  if (!resume) return options;
  const started = resume.info.config;
  return {
    ...options,
    epochs: options.epochs ?? started?.epochs,
    batchSize: options.batchSize ?? started?.batchSize,
  };
}

/**
 * A script that trains by itself: its fits are followed until it has nothing left to do, or
 * until a stop comes while it is outside fit (a stop inside one ends that fit at a batch).
 */
async function followScript(
  script: ScriptRun,
  modelFile: string,
  control: RunControl,
  fits: FitActivity,
  send: Send,
): Promise<EndStatus> {
  const idle = stopWhileIdle(control, fits);
  try {
    const ended = await Promise.race([scriptDone().then(() => 'done' as const), idle.stopped]);
    if (ended !== 'done') {
      reportIdleStop(send, modelFile, script.fitsSeen);
      if (!script.fitsSeen) return 'stopped';
    }
  } catch (error) {
    throw unhandledScriptError(error, modelFile);
  } finally {
    idle.cancel();
  }
  return script.finish();
}

async function runCommand(
  request: RunRequest,
  modelFile: string,
  writer: RunWriter,
  send: Send,
  control: RunControl,
  resume: ResumePoint | undefined,
): Promise<EndStatus> {
  const phases = new PhaseTracker(send);
  send = phases.send;
  let script: ScriptRun | undefined;
  let interceptor: FitInterceptor | undefined;
  let loops: CustomLoopWatch | undefined;
  let releaseFits: (() => void) | undefined;
  try {
    const loaded = await loadModelFile(modelFile, request.options, send, (ready) => {
      if (request.command !== 'train') {
        releaseFits = holdScriptFits(ready.tf);
        return;
      }
      const fits = new FitInterceptor(ready.tf, (model) =>
        send({ type: 'log', level: 'warning', text: concurrentFitNote(model) }),
      );
      const watch = new CustomLoopWatch(modelFile, send, () => fits.running > 0);
      script = new ScriptRun({
        ...ready,
        writer,
        send,
        control,
        modelFile,
        sampleEveryBatches: request.options.sampleEveryBatches,
        overrides: { epochs: request.options.epochs, batchSize: request.options.batchSize },
        compile: request.options.compile ?? 'auto',
        unfollowedLoop: () => watch.first,
      });
      const followed = script;
      trackScript(() => followed.fitsSeen);
      interceptor = fits;
      interceptor.install(script);
      loops = watch;
      loops.install(ready.tf);
      relayStopAsSigint(control);
    });
    writer.update({ backend: loaded.backend });
    const { module } = loaded;
    if (!module) {
      // A script run recorded before run.json said its mode: refused only once the file is loaded.
      if (!script) throw scriptRefusal(modelFile, 'resumed', resume?.checkpointDir);
      return await followScript(script, modelFile, control, interceptor ?? { running: 0, fitCalls: 0 }, send);
    }
    interceptor?.uninstall();
    loops?.uninstall();
    releaseFits?.();
    trackScript(undefined);
    const work = train({ ...loaded, module }, { ...request, modelFile }, writer, send, control, resume);
    return await settlesBeforeNodeIdles(work, () => phases.stage);
  } finally {
    interceptor?.uninstall();
    loops?.uninstall();
  }
}

/** Opens a run to resume under its lock, repairing what an interrupted checkpoint swap left. */
function reopenRun(request: RunRequest, send: Send): { writer: RunWriter; modelFile: string; resume: ResumePoint } {
  const runDir = request.options.resumeRunDir;
  if (!runDir) throw new TrainerFailure('contract', 'Resume needs the run folder to continue.');
  const dir = path.resolve(runDir);
  if (!readRunInfo(dir))
    throw new TrainerFailure('contract', `Not a Tensorscope run folder (no readable run.json): ${dir}`);
  const lock = acquireRunLock(dir, 'resume');
  try {
    if (lock.note) send({ type: 'log', level: 'warning', text: lock.note });
    for (const note of recoverCheckpoints(dir)) send({ type: 'log', level: 'warning', text: `Checkpoints: ${note}.` });
    const resume = findResumePoint(dir, { epochs: request.options.epochs }, lock.note !== undefined);
    return { writer: RunWriter.reopen(dir, resume.info, lock), modelFile: resume.info.modelFile, resume };
  } catch (error) {
    lock.release();
    throw error;
  }
}

function openRun(request: RunRequest, send: Send): { writer: RunWriter; modelFile: string; resume?: ResumePoint } {
  if (request.command === 'resume') return reopenRun(request, send);
  const modelFile = path.resolve(request.modelFile);
  return { writer: RunWriter.create(workspaceDirOf(request, modelFile), modelFile, request.command), modelFile };
}

function workspaceDirOf(request: RunRequest, modelFile: string): string {
  return request.options.workspaceDir ?? path.dirname(modelFile);
}

export async function runTraining(request: RunRequest, send: Send, control: RunControl): Promise<RunResult> {
  // An evaluation is recorded inside the run it scores, not as a run of its own.
  if (request.command === 'evaluate') return runEvaluation(request, send);
  let opened: ReturnType<typeof openRun>;
  try {
    opened = openRun(request, send);
  } catch (caught) {
    const error = toTrainerError(caught, request.modelFile, path.dirname(request.modelFile));
    send({ type: 'runEnded', status: 'failed', endedAt: Date.now(), error });
    return { status: 'failed', runDir: request.options.resumeRunDir ?? '', error };
  }
  const { writer, modelFile, resume } = opened;
  // A resumed trial trains on with the parameters it was started with.
  const trial = request.options.trial ?? resume?.info.sweep;
  if (trial) request = { ...request, options: { ...request.options, trial } };
  const untrack = trackOpenRun({ writer, modelFile, stopped: () => control.requested });
  send({
    type: 'runCreated',
    runId: writer.runId,
    runDir: writer.runDir,
    modelFile,
    command: request.command,
    startedAt: writer.startedAt,
    ...(resume && { resumedAtStep: resume.start.step }),
  });
  if (request.options.trial) writer.update({ sweep: request.options.trial });
  const seed = runSeed(request.command, request.options, resume, undefined);
  writer.update({ seed });
  seedMathRandom(seed);
  if (request.command === 'train') {
    const git = await readGitInfo(modelFile);
    if (git) writer.update({ git });
  }
  let status: EndStatus;
  let error: TrainerError | undefined;
  let runUnchanged = false;
  try {
    status = await runCommand(request, modelFile, writer, send, control, resume);
  } catch (caught) {
    runUnchanged = caught instanceof ResumeCancelled;
    status = runUnchanged ? 'stopped' : 'failed';
    if (!runUnchanged) error = toTrainerError(caught, modelFile, path.dirname(modelFile));
  }
  // A reopened run that never continued is left as it was.
  writer.end(status, { error: error ?? null });
  untrack();
  send({
    type: 'runEnded',
    status,
    endedAt: Date.now(),
    ...(error && { error }),
    ...(runUnchanged && { runUnchanged }),
  });
  return { status, runDir: writer.runDir, ...(error && { error }) };
}
