/** A real trained run exported through the CLI's export command, read back independently. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { runExportCommand } from '../../extension/cli/exportCommand';
import { decodeAll, scalars } from '../unit/exportDecode';
import { assertBuilt, bareFolder, onlyRun, runCli, TINY_MODEL } from './harness';

before(assertBuilt);

describe('export a trained run', () => {
  const dir = bareFolder({ 'model.ts': TINY_MODEL });
  let runDir = '';

  before(() => {
    const result = runCli(['train', 'model.ts', '--batch-size', '8'], dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    runDir = path.join(dir, '.tensorscope', 'runs', onlyRun(dir).info.runId);
  });

  it('to TensorBoard: every batch, epoch and layer sample, in a file TensorBoard reads', async () => {
    const printed: string[] = [];
    assert.equal(await runExportCommand([runDir, '--format', 'tensorboard'], dir, (text) => printed.push(text)), 0);
    assert.match(printed[0] ?? '', /^Exported \d+ events \(256 batches, 4 epochs, \d+ layer samples\):$/);
    const outDir = path.join(runDir, 'tensorboard');
    const [file] = fs.readdirSync(outDir);
    assert.match(file ?? '', /^events\.out\.tfevents\.\d+\./);
    const events = decodeAll(path.join(outDir, file as string));
    const run = onlyRun(dir);
    assert.deepEqual(
      scalars(events, 'batch/loss').map(([step]) => step),
      run.batches.map((batch) => batch.step),
    );
    assert.deepEqual(
      scalars(events, 'epoch/val_loss').map(([step]) => step),
      [1, 2, 3, 4],
    );
    const histograms = events.flatMap((event) => event.summary?.value.filter((value) => value.histo) ?? []);
    const expected = run.layerStats.flatMap((record) =>
      record.layers.flatMap((layer) => [layer.weights, layer.activation?.stats].filter(Boolean)),
    );
    assert.ok(expected.length > 0, 'the run sampled layer statistics');
    assert.equal(histograms.length, expected.length);
    assert.ok(histograms.some((value) => value.tag.startsWith('weights/')));
    assert.ok(histograms.some((value) => value.tag.startsWith('activations/')));
  });

  it('to CSV: a header and one row per epoch, one per batch', async () => {
    const outDir = path.join(dir, 'csv-out');
    assert.equal(await runExportCommand([runDir, '--format', 'csv', '--out', 'csv-out'], dir, () => undefined), 0);
    const epochs = fs.readFileSync(path.join(outDir, 'epochs.csv'), 'utf8').trimEnd().split('\n');
    const batches = fs.readFileSync(path.join(outDir, 'batches.csv'), 'utf8').trimEnd().split('\n');
    assert.match(
      epochs[0] ?? '',
      /^epoch,step,time,duration_ms,samples_per_sec,.*\bloss\b.*\bval_loss\b|^epoch,step,time,duration_ms,samples_per_sec,.*\bval_loss\b.*\bloss\b/,
    );
    assert.equal(epochs.length, 1 + 4);
    assert.equal(batches[0], 'epoch,batch,step,time,loss');
    assert.equal(batches.length, 1 + 256);
  });

  it('from the command line: tensorscope export <run-dir> --format csv|tensorboard', () => {
    const result = runCli(['export', runDir, '--format', 'csv', '--out', 'from-cli'], dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(
      result.stdout,
      /^Exported 256 batches, 4 epochs, \d+ layer samples:\n {2}from-cli\/epochs\.csv\n {2}from-cli\/batches\.csv$/m,
    );
    const usage = runCli(['export', runDir], dir);
    assert.equal(usage.code, 2);
    assert.match(usage.stdout, /export needs --format tensorboard\|csv/);
    assert.match(runCli(['--help'], dir).stdout, /export <run-dir>/);
  });
});
