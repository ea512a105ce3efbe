import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseExportArguments, runExportCommand } from '../../extension/cli/exportCommand';
import { csvCell, exportCsv, toCsv } from '../../extension/runs/export/csvExport';
import { sampleRun } from './exportFixtures';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'tensorscope-csv-'));

/** A minimal RFC 4180 reader, independent of the writer: quoted cells, doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.trimEnd().split('\n')) {
    const cells: string[] = [];
    const pattern = /("((?:[^"]|"")*)"|[^,]*)(,|$)/g;
    for (let match = pattern.exec(line); match; match = pattern.exec(line)) {
      cells.push(match[2] !== undefined ? match[2].replace(/""/g, '"') : (match[1] ?? ''));
      if (match[3] === '') break;
    }
    rows.push(cells);
  }
  return rows;
}

describe('CSV export', () => {
  it('writes epochs.csv with a header and one row per epoch, metric columns in first-seen order', () => {
    const dir = tempDir();
    const { files } = exportCsv(sampleRun(), dir);
    assert.deepEqual(
      files.map((file) => path.basename(file)),
      ['epochs.csv', 'batches.csv'],
    );
    const rows = parseCsv(fs.readFileSync(path.join(dir, 'epochs.csv'), 'utf8'));
    assert.deepEqual(rows[0], [
      'epoch',
      'step',
      'time',
      'duration_ms',
      'samples_per_sec',
      'loss',
      'val_loss',
      'val,"odd"',
    ]);
    assert.equal(rows.length, 3);
    assert.deepEqual(rows[1], [
      '1',
      '2',
      new Date(1_795_000_003_000).toISOString(),
      '3000',
      '21.5',
      '1.375',
      '1.125',
      '',
    ]);
    assert.deepEqual(rows[2]?.slice(5), ['0.75', '0.5', '1']);
  });

  it('writes batches.csv with one row per batch and NaN as NaN', () => {
    const dir = tempDir();
    exportCsv(sampleRun(), dir);
    const rows = parseCsv(fs.readFileSync(path.join(dir, 'batches.csv'), 'utf8'));
    assert.deepEqual(rows[0], ['epoch', 'batch', 'step', 'time', 'loss', 'acc']);
    assert.deepEqual(
      rows.slice(1).map((row) => row[4]),
      ['1.5', '1.25', '1', 'NaN'],
    );
  });

  it('escapes cells and writes non-finite numbers the way pandas reads them', () => {
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell(Number.POSITIVE_INFINITY), 'inf');
    assert.equal(csvCell(Number.NEGATIVE_INFINITY), '-inf');
    assert.equal(csvCell(undefined), '');
    assert.equal(toCsv(['a'], []), 'a\n');
  });
});

describe('tensorscope export command', () => {
  it('parses its arguments and rejects bad ones with a message', () => {
    assert.deepEqual(parseExportArguments(['run', '--format', 'csv', '--out', 'o']), {
      runDir: 'run',
      format: 'csv',
      outDir: 'o',
    });
    assert.match(String(parseExportArguments(['run'])), /--format tensorboard\|csv/);
    assert.match(String(parseExportArguments(['run', '--format', 'xml'])), /must be one of tensorboard, csv/);
    assert.match(String(parseExportArguments(['--format', 'csv'])), /needs a run folder/);
  });

  it('reports a folder that is not a run and exits 1; usage errors exit 2', async () => {
    const printed: string[] = [];
    assert.equal(await runExportCommand([tempDir(), '--format', 'csv'], '/', (text) => printed.push(text)), 1);
    assert.match(printed.join('\n'), /error: .* is not a Tensorscope run folder/);
    assert.equal(await runExportCommand(['x'], '/', () => undefined), 2);
  });
});
