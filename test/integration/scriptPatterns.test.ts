/**
 * Script mode on training scripts written the way public tfjs Node scripts are
 * (test/fixtures/scripts): their own argument parsers, entry guards, a model built in another
 * file, fit once per epoch in a loop, a batched tf.data.csv pipeline, two-input models.
 * Each is trained unchanged through the real CLI and, where the path differs, the trainer
 * process the extension forks.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import type { TrainerToHost } from '../../extension/protocol/trainerMessages';
import { listRunDirs, readRunInfo } from '../../extension/runs/runReader';
import { REPO_ROOT, assertBuilt, bareFolder, onlyRun, runCli, startTrainer } from './harness';

before(assertBuilt);

const SCRIPTS = path.join(REPO_ROOT, 'test', 'fixtures', 'scripts');

/** Trains a fixture script through the CLI, its runs kept in a fresh folder. */
function trainScript(script: string, tensorscopeArgs: string[] = [], scriptArgs?: string[]) {
  const runsIn = bareFolder({});
  const file = path.join(SCRIPTS, script);
  const args = ['train', file, '--runs-in', runsIn, ...tensorscopeArgs, ...(scriptArgs ? ['--', ...scriptArgs] : [])];
  return { result: runCli(args, path.dirname(file)), runsIn };
}

/** The 1-based line of `file` that contains `text`. */
function lineOf(file: string, text: string): number {
  const index = fs
    .readFileSync(path.join(SCRIPTS, file), 'utf8')
    .split('\n')
    .findIndex((line) => line.includes(text));
  assert.ok(index >= 0, `${text} in ${file}`);
  return index + 1;
}

function csvOfPrices(rows: number): string {
  const lines = ['x1,x2,x3,price'];
  for (let i = 0; i < rows; i++) {
    const [a, b, c] = [(i * 37) % 100, (i * 53) % 100, (i * 71) % 100].map((v) => v / 100);
    lines.push(`${a},${b},${c},${(2 * (a ?? 0) + (b ?? 0) - (c ?? 0)).toFixed(3)}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('script mode on real training scripts', () => {
  it('argparse + require.main guard + model in model.js: the script gets exactly its own arguments', () => {
    const { result, runsIn } = trainScript('argparse-guard/train.js', [], ['--epochs', '2', '--hidden', '5']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const script = path.join(SCRIPTS, 'argparse-guard', 'train.js');
    assert.ok(
      result.stdout.includes(`argv seen by the script: ${JSON.stringify([script, '--epochs', '2', '--hidden', '5'])}`),
      result.stdout,
    );
    assert.match(result.stdout, /parsed: \{"epochs":2,"batch_size":32,"hidden":5\}/);
    assert.match(result.stdout, /training finished/, 'the require.main === module guard passed');
    assert.doesNotMatch(result.stdout, /Layer \(type\)[\s\S]*Layer \(type\)/, "model.js's own guard stayed false");
    const run = onlyRun(runsIn);
    assert.equal(run.info.status, 'completed');
    assert.equal(run.epochs.length, 2);
    assert.equal(run.info.best?.val_loss, Math.min(...run.epochs.map((epoch) => epoch.logs.val_loss ?? Infinity)));
    assert.equal(run.info.best?.loss, undefined);
    const dense = run.layers.filter((layer) => layer.className === 'Dense');
    assert.equal(dense[0]?.params, 4 * 5 + 5, 'the --hidden 5 the script parsed built the model');
    const modelFile = path.join(SCRIPTS, 'argparse-guard', 'model.js');
    assert.deepEqual(
      dense.map((layer) => [layer.source?.file, layer.source?.line]),
      [
        [modelFile, lineOf('argparse-guard/model.js', 'units: hiddenUnits')],
        [modelFile, lineOf('argparse-guard/model.js', 'units: 1 }')],
      ],
      'layers are tied to model.js, where they were built, not to train.js',
    );
  });

  it("refuses a script's own option given before --, and says where it goes", () => {
    const { result } = trainScript('argparse-guard/train.js', ['--hidden', '5']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Unknown option --hidden \(a training script's own options go after --/);
  });

  it("Tensorscope's --epochs replaces the script's, as documented", () => {
    const { result, runsIn } = trainScript('argparse-guard/train.js', ['--epochs', '1'], ['--epochs', '4']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /parsed: \{"epochs":4,/, 'the script still parsed its own --epochs');
    const run = onlyRun(runsIn);
    assert.equal(run.info.config?.epochs, 1);
    assert.equal(run.epochs.length, 1);
  });

  it('ESM .js + yargs + import.meta.url guard + fit once per epoch: one continuous run', () => {
    const { result, runsIn } = trainScript('esm-yargs-loop/train.js', [], ['--iterations', '3']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /iteration 3: loss/, 'the import.meta.url guard passed');
    assert.match(result.stdout, /^Epoch 1\/1 - /m);
    assert.match(result.stdout, /^Epoch 2 \(fit call 2: 1\/1\) - /m);
    assert.match(result.stdout, /^Epoch 3 \(fit call 3: 1\/1\) - /m);
    const run = onlyRun(runsIn);
    assert.deepEqual(
      run.epochs.map((epoch) => [epoch.epoch, epoch.step]),
      [
        [1, 8],
        [2, 16],
        [3, 24],
      ],
    );
    const steps = run.batches.map((batch) => batch.step);
    assert.deepEqual(
      steps,
      Array.from({ length: 24 }, (_, i) => i + 1),
      'steps run on across fit calls',
    );
    assert.deepEqual(
      run.controls.map((control) => [control.action, control.step, control.value]),
      [
        ['fit', 8, 1],
        ['fit', 16, 1],
      ],
      'a marker per later fit call',
    );
    assert.equal(run.info.config?.epochs, 3);
    assert.equal(run.info.best?.val_loss, undefined, 'no validation data: no val_loss');
    assert.equal(run.info.best?.loss, Math.min(...run.epochs.map((epoch) => epoch.logs.loss ?? Infinity)));
    const model = path.join(SCRIPTS, 'esm-yargs-loop', 'model.js');
    assert.ok(run.layers.filter((layer) => layer.className === 'Dense').every((layer) => layer.source?.file === model));
  });

  it('the same loop script from the extension: arguments from the start message, same records', async () => {
    const runsIn = bareFolder({});
    const dir = path.join(SCRIPTS, 'esm-yargs-loop');
    const received: TrainerToHost[] = [];
    const trainer = startTrainer(dir, received, {
      file: 'train.js',
      options: { workspaceDir: runsIn, scriptArguments: ['--iterations', '2'] },
    });
    const exit = await trainer.exited;
    assert.equal(exit.code, 0);
    const epochs = received.flatMap((message) => (message.type === 'epochEnd' ? [message.record.epoch] : []));
    assert.deepEqual(epochs, [1, 2]);
    const controls = received.flatMap((message) => (message.type === 'control' ? [message.record.action] : []));
    assert.deepEqual(controls, ['fit']);
    assert.equal(onlyRun(runsIn).info.status, 'completed');
  });

  it('commander + tf.data.csv(...).batch(n) + fitDataset: the real batch size', () => {
    const data = path.join(bareFolder({ 'prices.csv': csvOfPrices(1200) }), 'prices.csv');
    const { result, runsIn } = trainScript('commander-csv/train.js', [], ['--data', data, '--batch', '100']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /Training: 2 epochs, batch size 100,/);
    const run = onlyRun(runsIn);
    assert.equal(run.info.config?.batchSize, 100);
    assert.equal(run.batches.filter((batch) => batch.epoch === 1).length, 12);
    assert.ok((run.epochs[0]?.samplesPerSec ?? 0) > 0, 'samples counted from the batches themselves');
  });

  it('--batch-size with fitDataset: a warning, the pipeline keeps its batches', () => {
    const data = path.join(bareFolder({ 'prices.csv': csvOfPrices(300) }), 'prices.csv');
    const { result, runsIn } = trainScript('commander-csv/train.js', ['--batch-size', '7'], ['--data', data]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /warning: The batch size 7 given to Tensorscope does not apply to fitDataset\(\)/);
    assert.equal(onlyRun(runsIn).info.config?.batchSize, 300, 'the script batches by 500; 300 rows make one batch');
  });

  it('a functional model with two inputs trains, with its epoch size known', () => {
    const { result, runsIn } = trainScript('two-inputs/train.js');
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const run = onlyRun(runsIn);
    assert.equal(
      run.info.stepsPerEpoch,
      8,
      '320 training examples (400 less the 20% validation split) in batches of 40',
    );
    assert.equal(run.epochs.length, 3);
    assert.ok(run.epochs.every((epoch) => epoch.logs.val_loss !== undefined));
  });

  it('a script that never calls fit is told so, with its entry guard named', () => {
    const { result, runsIn } = trainScript('no-fit/train.js');
    assert.equal(result.code, 1);
    const guardLine = lineOf('no-fit/train.js', "=== 'index.js'");
    assert.match(
      result.stdout,
      new RegExp(
        `train\\.js:${guardLine}:1: error: train\\.js ran to its end without calling model\\.fit\\(\\) or model\\.fitDataset\\(\\), and it exports neither createModel\\(\\) nor loadData\\(\\)\\. Its entry guard at line ${guardLine}, .if \\(path\\.basename\\(process\\.argv\\[1\\]\\) === 'index\\.js'\\) \\{., may be why`,
      ),
    );
    assert.match(result.stdout, /hint: Tensorscope runs a script as the main module: require\.main === module/);
    assert.equal(onlyRun(runsIn).info.status, 'failed');
  });

  it("resume and evaluate refuse a training script's run from its run.json, before the script runs; pre-flight once it reaches fit", () => {
    const { result, runsIn } = trainScript('argparse-guard/train.js', [], ['--epochs', '1']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const [runDir = ''] = listRunDirs(runsIn);
    assert.equal(readRunInfo(runDir)?.mode, 'script');
    const before = fs.readFileSync(path.join(runDir, 'metrics.jsonl'), 'utf8');
    const script = path.join(SCRIPTS, 'argparse-guard', 'train.js');
    const refusal = (verb: string) =>
      new RegExp(
        `train\\.js is a training script, not a module-mode model file: it can be trained, but not ${verb}\\.`,
      );
    // The run completed: resume without --epochs must not first ask for more epochs.
    for (const [command, extra, verb] of [
      ['resume', [], 'resumed'],
      ['resume', ['--epochs', '3'], 'resumed'],
      ['evaluate', [], 'evaluated'],
    ] as const) {
      const refused = runCli([command, runDir, ...extra], SCRIPTS);
      const said = `${command} ${extra.join(' ')}: ${refused.stdout}${refused.stderr}`;
      assert.equal(refused.code, 1, said);
      assert.match(refused.stdout, refusal(verb), said);
      assert.doesNotMatch(refused.stdout, /completed all its|epochs in all/, said);
      assert.doesNotMatch(refused.stdout, /argv seen by the script/, `${said}: the script did not run`);
      if (command === 'resume')
        assert.ok(
          refused.stdout.includes(`tf.loadLayersModel('file://${runDir}${path.sep}checkpoint-last/model.json')`),
          said,
        );
    }
    const preflight = runCli(['preflight', script], SCRIPTS);
    assert.equal(preflight.code, 1, preflight.stdout + preflight.stderr);
    assert.match(preflight.stdout, /train\.js .*a module-mode model file/);
    // Evaluate on the script itself, with no run of it yet: not "train it first", which would only lead here.
    const untrained = runCli(['evaluate', script, '--runs-in', bareFolder({})], SCRIPTS);
    assert.equal(untrained.code, 1, untrained.stdout + untrained.stderr);
    assert.match(untrained.stdout, refusal('evaluated'));
    assert.doesNotMatch(untrained.stdout, /No checkpoint yet|train it first/);
    for (const refused of [preflight, untrained]) {
      assert.match(refused.stdout, /argv seen by the script/, 'the script ran up to its fit');
      assert.doesNotMatch(refused.stdout, /Epoch \d+ ?\/ ?\d+/, 'its fit did not train');
    }
    assert.equal(fs.readFileSync(path.join(runDir, 'metrics.jsonl'), 'utf8'), before, 'the run is as it was');
    assert.equal(readRunInfo(runDir)?.status, 'completed');
  });

  it('a script run recorded before run.json said its mode is refused once the script reaches fit', () => {
    const { result, runsIn } = trainScript('argparse-guard/train.js', [], ['--epochs', '1']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const [runDir = ''] = listRunDirs(runsIn);
    const runFile = path.join(runDir, 'run.json');
    const { mode, ...older } = JSON.parse(fs.readFileSync(runFile, 'utf8')) as Record<string, unknown>;
    assert.equal(mode, 'script');
    fs.writeFileSync(runFile, JSON.stringify(older));
    const refused = runCli(['resume', runDir, '--epochs', '3'], SCRIPTS);
    assert.equal(refused.code, 1, refused.stdout + refused.stderr);
    assert.match(refused.stdout, /train\.js is a training script, .*but not resumed\./);
    assert.match(refused.stdout, /argv seen by the script/, 'known only once the script ran up to its fit');
    assert.doesNotMatch(refused.stdout, /Epoch \d+ ?\/ ?\d+/, 'its fit did not train');
  });

  it('a script in a folder whose path has spaces and parentheses: layer lines and the error line are found', () => {
    const folder = path.join(bareFolder({}), 'My Models (old)');
    fs.mkdirSync(folder);
    fs.writeFileSync(
      path.join(folder, 'net.js'),
      [
        "const tf = require('@tensorflow/tfjs-node');",
        'exports.buildNet = () => {',
        '  const model = tf.sequential();',
        "  model.add(tf.layers.dense({ units: 4, activation: 'relu', inputShape: [2] }));",
        '  model.add(tf.layers.dense({ units: 1 }));',
        "  model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });",
        '  return model;',
        '};',
        '',
      ].join('\n'),
    );
    fs.writeFileSync(
      path.join(folder, 'train.js'),
      [
        "const tf = require('@tensorflow/tfjs-node');",
        "const { buildNet } = require('./net');",
        'async function main() {',
        '  const model = buildNet();',
        '  await model.fit(tf.ones([8, 2]), tf.ones([8, 1]), { epochs: 1 });',
        "  throw new Error('failed after training');",
        '}',
        'main();',
        '',
      ].join('\n'),
    );
    const result = runCli(['train', path.join(folder, 'train.js')], folder);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr + result.stdout, /train\.js:6:\d+: error: failed after training/);
    const run = onlyRun(folder);
    assert.equal(run.info.status, 'failed');
    assert.equal(run.info.error?.location?.file, path.join(folder, 'train.js'));
    const sources = (run.info.summary?.layers ?? []).flatMap((layer) => (layer.source ? [layer.source] : []));
    assert.deepEqual(
      sources.map((source) => `${path.relative(folder, source.file)}:${source.line}`),
      ['net.js:4', 'net.js:5'],
    );
  });
});
