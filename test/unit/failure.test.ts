import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TrainerFailure, locateInUserCode, stackLocations, toTrainerError } from '../../extension/trainer/failure';

const stack = `Error: boom
    at Object.apply (/ext/node_modules/@tensorflow/tfjs-layers/dist/x.js:10:5)
    at helper (/work/proj/layers.ts:4:11)
    at createModel (/work/proj/model.ts:12:3)
    at async /ext/dist/trainer.js:1:200`;

describe('failure locations', () => {
  it('parses stack frames with and without function names', () => {
    const frames = stackLocations(stack);
    assert.equal(frames.length, 4);
    assert.deepEqual(frames[3], { file: '/ext/dist/trainer.js', line: 1, column: 200 });
  });

  it('reads the file URLs of ES module frames as paths', () => {
    const frames = stackLocations('Error: boom\n    at file:///work/my%20models/train.mjs:5:3');
    assert.deepEqual(frames, [{ file: '/work/my models/train.mjs', line: 5, column: 3 }]);
  });

  it('prefers the model file, then other user files', () => {
    assert.deepEqual(locateInUserCode(stack, '/work/proj/model.ts', '/work/proj'), {
      file: '/work/proj/model.ts',
      line: 12,
      column: 3,
    });
    assert.deepEqual(locateInUserCode(stack, '/work/proj/other.ts', '/work/proj'), {
      file: '/work/proj/layers.ts',
      line: 4,
      column: 11,
    });
    assert.equal(locateInUserCode(stack, '/elsewhere/m.ts', '/elsewhere'), undefined);
  });

  it('turns errors into protocol errors', () => {
    const located = toTrainerError(Object.assign(new Error('boom'), { stack }), '/work/proj/model.ts', '/work/proj');
    assert.equal(located.kind, 'model');
    assert.equal(located.location?.line, 12);
    const failure = toTrainerError(
      new TrainerFailure('data', 'bad data', { file: '/m.ts', line: 2, column: 1 }, 'fix it'),
      '/m.ts',
      '/',
    );
    assert.deepEqual(failure, {
      kind: 'data',
      message: 'bad data',
      location: { file: '/m.ts', line: 2, column: 1 },
      hint: 'fix it',
    });
    assert.equal(toTrainerError('weird', '/m.ts', '/x').kind, 'internal');
  });
});
