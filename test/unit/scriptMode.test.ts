/** The pure parts of script mode: where layers were built, import.meta values, multi-file lookups. */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { InspectionStore } from '../../extension/host/inspection/inspectionStore';
import { layersByLine } from '../../extension/host/inspection/layerLines';
import type { LayerSummary, ModelSummary } from '../../extension/protocol/model';
import type { TrainerToHost } from '../../extension/protocol/trainerMessages';
import { innermostUserFrame } from '../../extension/trainer/inspection/layerSources';
import { withImportMetaValues } from '../../extension/trainer/script/importMetaUrl';

const DIR = path.resolve('/projects/regressor');
const TRAIN = path.join(DIR, 'train.js');
const MODEL = path.join(DIR, 'model.js');

/** A Dense layer built on `line` of model.js. */
const denseAt = (name: string, units: number, params: number, line: number): LayerSummary => ({
  name,
  className: 'Dense',
  outputShape: [[null, units]],
  params,
  trainableParams: params,
  source: { file: MODEL, line, column: 23 },
});

describe('layer sources in multi-file scripts', () => {
  it('ties a layer to the innermost of the user’s frames: model.js, not the train.js that called it', () => {
    const frames = [
      { file: __filename, line: 40, column: 3 },
      { file: path.join(DIR, 'node_modules', 'helper', 'index.js'), line: 2, column: 1 },
      { file: MODEL, line: 6, column: 23 },
      { file: TRAIN, line: 18, column: 17 },
    ];
    assert.deepEqual(innermostUserFrame(frames, TRAIN, DIR), { file: MODEL, line: 6, column: 23 });
  });

  it('leaves out frames outside the script’s folder (the trainer, tfjs)', () => {
    const frames = [{ file: path.resolve('/opt/tensorscope/dist/trainer.js'), line: 1, column: 1 }];
    assert.equal(innermostUserFrame(frames, TRAIN, DIR), undefined);
  });

  it('serves hovers and hints in model.js from the run of train.js', () => {
    const store = new InspectionStore();
    const summary: ModelSummary = {
      name: 'm',
      layers: [denseAt('d1', 8, 40, 6), denseAt('d2', 1, 9, 7)],
      totalParams: 49,
      trainableParams: 49,
    };
    store.runStarted(TRAIN);
    store.apply({ v: 1, type: 'trainingStarted', summary } as TrainerToHost, TRAIN);
    const forModel = store.forSourceFile(MODEL);
    assert.equal(forModel?.modelFile, TRAIN);
    assert.deepEqual([...layersByLine(summary, MODEL).keys()], [6, 7]);
    assert.equal(store.forSourceFile(path.join(DIR, 'unrelated.js')), undefined);
    assert.equal(store.forSourceFile(TRAIN)?.modelFile, TRAIN, 'the entry file still finds its own entry');
  });
});

describe('import.meta in bundled user files', () => {
  it('gives each file its own url, filename and dirname, so the ESM entry guard holds only for the entry', () => {
    const source = [
      'if (import.meta.url === pathToFileURL(process.argv[1]).href) main();',
      'const here = import.meta.dirname, me = import.meta.filename;',
      'const meta = import.meta; // left alone',
    ].join('\n');
    const out = withImportMetaValues(source, TRAIN).split('\n');
    assert.equal(
      out[0],
      `if (${JSON.stringify(pathToFileURL(TRAIN).href)} === pathToFileURL(process.argv[1]).href) main();`,
    );
    assert.equal(out[1], `const here = ${JSON.stringify(DIR)}, me = ${JSON.stringify(TRAIN)};`);
    assert.equal(out[2], 'const meta = import.meta; // left alone');
  });
});
