/**
 * Hovers from recorded runs (after a restart, nothing live) in every file that built layers: a
 * script `train.js` whose model is built in `model.js` is trained through the real CLI; the lookup
 * the hover uses finds that run from `model.js`, and the hover card for model.js's lines shows the
 * recorded layers and statistics.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { hoverCard } from '../../extension/host/inspection/hoverCard';
import { InspectionStore } from '../../extension/host/inspection/inspectionStore';
import { layersByLine } from '../../extension/host/inspection/layerLines';
import { loadNewestRunBuiltIn, newestRunBuiltIn } from '../../extension/host/inspection/recordedRunLookup';
import { listRunDirs, readRunInfo } from '../../extension/runs/runReader';
import { REPO_ROOT, assertBuilt, bareFolder, runCli } from './harness';

before(assertBuilt);

const SCRIPT_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'scripts', 'argparse-guard');
const TRAIN_JS = path.join(SCRIPT_DIR, 'train.js');
const MODEL_JS = path.join(SCRIPT_DIR, 'model.js');

function lineOf(file: string, text: string): number {
  const index = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .findIndex((line) => line.includes(text));
  assert.ok(index >= 0, `${text} in ${file}`);
  return index + 1;
}

function train(runsIn: string, hidden: number): void {
  const args = ['train', TRAIN_JS, '--runs-in', runsIn, '--sample-every', '2', '--', '--epochs', '1'];
  const result = runCli([...args, '--hidden', String(hidden)], SCRIPT_DIR);
  assert.equal(result.code, 0, result.stdout + result.stderr);
}

describe('recorded-run hovers in a helper file', () => {
  it('finds the newest run whose layers were built in model.js, and the hover shows them there', async () => {
    const runsIn = bareFolder({});
    train(runsIn, 3);
    train(runsIn, 5);
    // The run started last (run ids tell only the second, and both runs may start in one).
    const newest = listRunDirs(runsIn).reduce((a, b) =>
      Date.parse(readRunInfo(a)?.startedAt ?? '') >= Date.parse(readRunInfo(b)?.startedAt ?? '') ? a : b,
    );
    assert.equal(newestRunBuiltIn(MODEL_JS, [runsIn]), newest, 'found from the helper file');
    assert.equal(newestRunBuiltIn(TRAIN_JS, [runsIn]), newest, 'and from the entry file');
    assert.equal(newestRunBuiltIn(path.join(SCRIPT_DIR, 'other.js'), [runsIn]), undefined);

    const store = new InspectionStore();
    assert.equal(await loadNewestRunBuiltIn(store, MODEL_JS, [runsIn]), true);
    const model = store.forSourceFile(MODEL_JS);
    assert.equal(model?.modelFile, TRAIN_JS, 'the run is kept under its own entry file');
    assert.ok((model?.records.length ?? 0) > 0, 'the recorded layer statistics');
    const hiddenLine = lineOf(MODEL_JS, 'units: hiddenUnits');
    const layers = layersByLine(model?.summary ?? assert.fail('summary'), MODEL_JS).get(hiddenLine);
    assert.equal(layers?.length, 1);
    assert.equal(layers?.[0]?.params, 4 * 5 + 5, 'the newest run (--hidden 5)');
    const card = hoverCard({ modelFile: model.modelFile, layers, records: model.records, origin: model.statsOrigin });
    const runId = path.basename(newest ?? '').replace(/-/g, '\\-'); // as the card's markdown escapes it
    assert.ok(card.includes(`run ${runId}`), card);
    assert.match(card, /activation|gradient/i, 'statistics rows');
  });
});
