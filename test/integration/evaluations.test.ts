/**
 * Evaluations are recorded inside the run they score: through the real CLI, evaluated twice (and
 * twice at once, and while the run trains in another process), a run stays one run whose
 * `evaluations/` holds each result whole; Run History, Compare, the panel and export read them;
 * an evaluation run folder written by 0.2 is still listed and read.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { createLiveRun } from '../../bench/memory.pipeline';
import type { TrainerToHost } from '../../extension/protocol/trainerMessages';
import { TrainerProcess } from '../../extension/supervisor/trainerProcess';
import { compareSections } from '../../extension/host/history/compareTable';
import { readRunSummaries } from '../../extension/host/history/runSummary';
import { runItemShape, runLabel } from '../../extension/host/history/runTreeShape';
import { exportRun } from '../../extension/runs/export/exportRun';
import { EVALUATIONS_FOLDER, readEvaluations } from '../../extension/runs/evaluationRecords';
import { listRunDirs, readRun, readRunInfo, type RunContents } from '../../extension/runs/runReader';
import { decodeAll, scalars } from '../unit/exportDecode';
import { CLI, TRAINER, assertBuilt, bareFolder, runCli, waitFor, type CliResult } from './harness';

before(assertBuilt);

/** A small classifier as people write one: a helper that makes the data, a test split, accuracy. */
const CLASSIFIER = `import * as tf from '@tensorflow/tfjs';

export const config = {
  epochs: 3,
  batchSize: 32,
  optimizer: tf.train.adam(0.02),
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
};

export function createModel() {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 16, activation: 'relu', inputShape: [4] }));
  model.add(tf.layers.dense({ units: 3, activation: 'softmax' }));
  return model;
}

function makeSplit(count: number, seed: number) {
  const xs = tf.randomNormal([count, 4], 0, 1, 'float32', seed);
  const labels = xs.slice([0, 0], [count, 1]).mul(2).add(xs.slice([0, 1], [count, 1])).reshape([count]);
  const classes = labels.greater(0.8).toInt().add(labels.greater(-0.8).toInt());
  return { xs, ys: tf.oneHot(classes, 3).toFloat() };
}

export async function loadData() {
  return { train: makeSplit(768, 1), validation: makeSplit(128, 2), test: makeSplit(256, 3) };
}
`;

function recordedIn(result: CliResult, cwd: string): string {
  const match = /^Evaluation recorded in (.+)$/m.exec(result.stdout);
  assert.ok(match?.[1], `the CLI says where the evaluation was recorded:\n${result.stdout}`);
  return path.resolve(cwd, match[1]);
}

function runCliAsync(args: string[], cwd: string): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('evaluations inside the run', () => {
  it('evaluated twice, the run stays one run with both evaluations, listed, compared and exported', async () => {
    const dir = bareFolder({ 'model.ts': CLASSIFIER });
    const trained = runCli(['train', 'model.ts'], dir);
    assert.equal(trained.code, 0, trained.stdout + trained.stderr);
    const [runDir] = listRunDirs(dir);
    assert.ok(runDir);

    const first = runCli(['evaluate', 'model.ts'], dir);
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.match(first.stdout, /Evaluating run \S+ \(\.tensorscope\/runs\/\S+\)/);
    assert.match(first.stdout, /Evaluation of checkpoint-best on the test split: loss: [\d.]+ - acc: [\d.]+/);
    const second = runCli(['evaluate', runDir], dir);
    assert.equal(second.code, 0, second.stdout + second.stderr);
    const files = [recordedIn(first, dir), recordedIn(second, dir)];
    assert.notEqual(files[0], files[1]);
    for (const file of files) assert.equal(path.dirname(file), path.join(runDir, EVALUATIONS_FOLDER));

    assert.equal(listRunDirs(dir).length, 1, 'no run folder for an evaluation');
    const info = readRunInfo(runDir);
    assert.equal(info?.status, 'completed', 'evaluating does not change the run');
    const evaluations = readEvaluations(runDir, info ?? assert.fail('run.json'));
    assert.deepEqual(
      evaluations.map((evaluation) => evaluation.file),
      files,
    );
    const best = info.best?.epoch;
    for (const evaluation of evaluations) {
      assert.equal(evaluation.split, 'test');
      assert.equal(evaluation.checkpoint, 'checkpoint-best');
      assert.equal(evaluation.epoch, best, 'the checkpoint says which epoch it holds');
      assert.ok((evaluation.logs.acc ?? 0) > 0.8, `test accuracy ${evaluation.logs.acc}`);
    }

    // Run History: one run, its newest evaluation in the description.
    const summaries = readRunSummaries([dir]);
    assert.equal(summaries.length, 1);
    const summary = summaries[0] ?? assert.fail('summary');
    assert.equal(summary.evaluation?.file, files[1]);
    assert.match(runItemShape(summary).description, /^test acc (?:1|0\.\d+) · /);
    assert.match(
      runItemShape(summary).tooltip,
      /Evaluated .* on the test split \(best checkpoint, epoch \d+\): loss [\d.\\]+ · acc/,
    );

    // The panel (a recorded run) and Compare read the newest evaluation with its report.
    const contents = readRun(runDir) ?? assert.fail('readable run');
    assert.equal(contents.evaluation?.classification?.classes, 3);
    assert.equal(contents.evaluation?.time, evaluations[1]?.time);
    const results = compareSections([contents]).find((section) => section.title === 'Results');
    assert.ok(results?.rows.some((row) => row.label === 'evaluation accuracy'));

    // Export: CSV has a row per evaluation; TensorBoard a scalar per evaluation at the checkpoint's epoch.
    const csv = await exportRun({ runDir, format: 'csv', outDir: path.join(dir, 'csv') });
    assert.match(csv.summary, /2 evaluations/);
    const rows = fs
      .readFileSync(path.join(dir, 'csv', 'evaluations.csv'), 'utf8')
      .trim()
      .split('\n');
    assert.match(rows[0] ?? '', /^time,split,checkpoint,epoch,step,loss,acc$/);
    assert.equal(rows.length, 3);
    assert.match(rows[1] ?? '', /^\S+Z,test,checkpoint-best,\d+,\d+,[\d.e-]+,[\d.]+$/);
    const board = await exportRun({ runDir, format: 'tensorboard', outDir: path.join(dir, 'tb') });
    const events = decodeAll(board.files[0] ?? '');
    const accuracy = scalars(events, 'evaluation/test/acc');
    assert.equal(accuracy.length, 2);
    assert.equal(accuracy[0]?.[0], best);
  });

  it('two evaluations at once each record their own whole file', async () => {
    const dir = bareFolder({ 'model.ts': CLASSIFIER });
    assert.equal(runCli(['train', 'model.ts', '--epochs', '1'], dir).code, 0);
    const [runDir = ''] = listRunDirs(dir);
    const both = await Promise.all([runCliAsync(['evaluate', runDir], dir), runCliAsync(['evaluate', runDir], dir)]);
    for (const result of both) assert.equal(result.code, 0, result.stdout + result.stderr);
    const info = readRunInfo(runDir) ?? assert.fail('run.json');
    const evaluations = readEvaluations(runDir, info);
    assert.equal(evaluations.length, 2);
    assert.deepEqual(
      evaluations.map((evaluation) => evaluation.file).sort(),
      both.map((result) => recordedIn(result, dir)).sort(),
    );
    const names = fs.readdirSync(path.join(runDir, EVALUATIONS_FOLDER));
    assert.equal(names.filter((name) => name.endsWith('.tmp')).length, 0, `no temporary files left: ${names}`);
    assert.equal(names.length, 4, `two summaries and two classification reports: ${names}`);
  });

  it('evaluates a run while another process trains it, and the training goes on to complete', async () => {
    const dir = bareFolder({ 'model.ts': CLASSIFIER.replace('epochs: 3', 'epochs: 150') });
    const training = runCliAsync(['train', 'model.ts'], dir);
    let runDir = '';
    await waitFor(
      () => {
        runDir = listRunDirs(dir)[0] ?? '';
        return runDir !== '' && fs.existsSync(path.join(runDir, 'checkpoint-last', 'model.json'));
      },
      120_000,
      'the first checkpoint',
    );
    const evaluated = await runCliAsync(['evaluate', runDir], dir);
    assert.equal(evaluated.code, 0, evaluated.stdout + evaluated.stderr);
    const trained = await training;
    assert.equal(trained.code, 0, trained.stdout + trained.stderr);
    const info = readRunInfo(runDir) ?? assert.fail('run.json');
    assert.equal(info.status, 'completed');
    assert.equal(fs.existsSync(path.join(runDir, 'writer.lock')), false, 'the trainer released its lock');
    const [evaluation] = readEvaluations(runDir, info);
    assert.ok(evaluation && evaluation.epoch !== undefined && evaluation.epoch < 150, 'scored a checkpoint mid-run');
    assert.equal(readRun(runDir)?.epochs.length, 150);
  });

  it('the panel shows the evaluation of the run it shows, live and after reopening the run', async () => {
    const dir = bareFolder({ 'model.ts': CLASSIFIER });
    assert.equal(runCli(['train', 'model.ts', '--epochs', '2'], dir).code, 0);
    assert.equal(runCli(['train', 'model.ts', '--epochs', '1'], dir).code, 0);
    const [newer = '', older = ''] = listRunDirs(dir);
    const liveRun = createLiveRun();
    liveRun.showRecorded(readRun(older) ?? assert.fail('readable'));
    const evaluationShown = () => liveRun.current?.evaluation;
    assert.equal(evaluationShown(), null);
    // As RunController does: the trainer's messages go to the LiveRun under the id of the run it started on.
    let runId: string | undefined;
    const received: TrainerToHost[] = [];
    const trainer = new TrainerProcess({
      trainerScript: TRAINER,
      cwd: dir,
      onMessage: (message) => {
        if (message.type === 'evaluationStarted') runId = message.runId;
        received.push(message);
        liveRun.apply(message, runId);
      },
      onInvalidMessage: (error) => assert.fail(error),
    });
    trainer.send({
      type: 'start',
      command: 'evaluate',
      modelFile: path.join(dir, 'model.ts'),
      options: { backend: 'auto', evaluateRunDir: older },
    });
    const exit = await trainer.exited;
    assert.equal(exit.code, 0, JSON.stringify(received.filter((message) => message.type === 'runEnded')));
    assert.equal(runId, path.basename(older), 'the shown (older) run is evaluated, not the newest');
    const shown = evaluationShown();
    assert.equal(shown?.split, 'test');
    assert.equal(shown?.classification?.classes, 3);
    assert.equal(readRun(newer)?.evaluation, undefined, 'the other run is untouched');

    // Reopened from its folder (Run History, a reload), the run shows the same evaluation.
    liveRun.showRecorded(readRun(newer) ?? assert.fail('readable'));
    liveRun.showRecorded(readRun(older) ?? assert.fail('readable'));
    assert.deepEqual(evaluationShown()?.logs, shown?.logs);
    assert.deepEqual(evaluationShown()?.classification, shown?.classification);
  });

  it('an evaluation run folder written by 0.2 is still listed and read', async () => {
    const { dir, legacyDir } = trainedWithLegacyEvaluation();

    const summaries = readRunSummaries([dir]);
    assert.equal(summaries.length, 2);
    const legacy = summaries.find((summary) => summary.runDir === legacyDir) ?? assert.fail('listed');
    assert.match(runLabel(legacy), /^Evaluation · /);
    assert.equal(legacy.evaluation?.logs.acc, 0.953125);
    assert.equal(legacy.finalLogs.acc, 0.953125);
    const contents: RunContents = readRun(legacyDir) ?? assert.fail('readable');
    assert.equal(contents.evaluation?.classification?.accuracy, 0.953125);
    const csv = await exportRun({ runDir: legacyDir, format: 'csv', outDir: path.join(dir, 'legacy-csv') });
    assert.match(csv.summary, /, 1 evaluation\b/);
    const rows = fs
      .readFileSync(path.join(dir, 'legacy-csv', 'evaluations.csv'), 'utf8')
      .trim()
      .split('\n');
    assert.match(rows[1] ?? '', /,test,\.tensorscope\/runs\/\S+\/checkpoint-best,,,0\.1[0-9]*,0\.953125$/);
  });

  it('a 0.2 evaluation folder is shown with the run it scored: Run History, the panel and Compare, export', async () => {
    const { dir, trainedDir, legacyDir } = trainedWithLegacyEvaluation();

    const summaries = readRunSummaries([dir]);
    const trained = summaries.find((summary) => summary.runDir === trainedDir) ?? assert.fail('listed');
    assert.equal(trained.evaluation?.logs.acc, 0.953125);
    assert.equal(trained.evaluation?.checkpoint, 'checkpoint-best');
    const trainedItem = runItemShape(trained, Date.now(), summaries);
    assert.match(trainedItem.description, /^test acc 0\.95/);
    assert.match(
      unescaped(trainedItem.tooltip),
      new RegExp(`recorded in the evaluation folder ${path.basename(legacyDir)}`),
    );
    const legacy = summaries.find((summary) => summary.runDir === legacyDir) ?? assert.fail('listed');
    assert.equal(legacy.scoredRunDir, trainedDir);
    assert.match(
      unescaped(runItemShape(legacy, Date.now(), summaries).tooltip),
      new RegExp(`Scored run ${path.basename(trainedDir)}`),
    );

    // The panel and Compare read a run through readRun.
    const contents = readRun(trainedDir) ?? assert.fail('readable');
    assert.equal(contents.evaluation?.logs.acc, 0.953125);
    assert.equal(contents.evaluation?.classification?.accuracy, 0.953125);
    const results = compareSections([contents]).find((section) => section.title === 'Results');
    assert.equal(results?.rows.find((row) => row.label === 'evaluation accuracy')?.cells[0]?.text, '0.9531');
    const csv = await exportRun({ runDir: trainedDir, format: 'csv', outDir: path.join(dir, 'trained-csv') });
    assert.match(csv.summary, /, 1 evaluation\b/);

    // A newer evaluation recorded in the run wins over the old folder's.
    assert.equal(runCli(['evaluate', trainedDir], dir).code, 0);
    const newer = readRunSummaries([dir]).find((summary) => summary.runDir === trainedDir);
    assert.equal(newer?.evaluation?.evaluationFolder, undefined);
    assert.notEqual(readRun(trainedDir)?.evaluation?.logs.acc, 0.953125);
  });
});

/** A run trained by the CLI, and an evaluation of it recorded as 0.2 did. */
function trainedWithLegacyEvaluation(): { dir: string; trainedDir: string; legacyDir: string } {
  const dir = bareFolder({ 'model.ts': CLASSIFIER });
  assert.equal(runCli(['train', 'model.ts', '--epochs', '1'], dir).code, 0);
  const [trainedDir = ''] = listRunDirs(dir);
  return { dir, trainedDir, legacyDir: writeLegacyEvaluation(dir, trainedDir) };
}

/** A tooltip's Markdown without its escapes. */
const unescaped = (markdown: string): string => markdown.replace(/\\/g, '');

/** What `tensorscope evaluate` wrote before 0.3: a run folder of its own (copied from a real one). */
function writeLegacyEvaluation(dir: string, trainedDir: string): string {
  const runId = '20261130-111505-model-025e';
  const legacyDir = path.join(dir, '.tensorscope', 'runs', runId);
  fs.mkdirSync(legacyDir);
  const trained = readRunInfo(trainedDir) ?? assert.fail('run.json');
  const info = {
    formatVersion: 1,
    runId,
    status: 'completed',
    command: 'evaluate',
    modelFile: trained.modelFile,
    startedAt: '2026-11-30T11:15:05.958Z',
    endedAt: '2026-11-30T11:15:07.099Z',
    pid: 23500,
    hostname: 'vm',
    config: null,
    backend: trained.backend,
    error: null,
    seed: 2792949978,
  };
  fs.writeFileSync(path.join(legacyDir, 'run.json'), `${JSON.stringify(info, null, 2)}\n`);
  const checkpoint = `.tensorscope/runs/${path.basename(trainedDir)}/checkpoint-best`;
  const lines = [
    { type: 'evaluation', split: 'test', checkpoint, loss: 0.1234, acc: 0.953125 },
    {
      type: 'classification',
      classes: 2,
      confusion: [
        [120, 8],
        [4, 124],
      ],
      precision: [0.967741935483871, 0.9393939393939394],
      recall: [0.9375, 0.96875],
      accuracy: 0.953125,
      mostConfidentlyWrong: [{ index: 51, label: 0, predicted: 1, confidence: 0.834 }],
    },
  ];
  fs.writeFileSync(path.join(legacyDir, 'metrics.jsonl'), lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
  return legacyDir;
}
