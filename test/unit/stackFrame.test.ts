/** Stack lines read into file positions, for paths as users have them (spaces, parentheses, drive letters, file URLs). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseStackFrame } from '../../extension/trainer/stackFrame';
import { stackLocations } from '../../extension/trainer/failure';

describe('parseStackFrame', () => {
  it('reads named and bare frames', () => {
    assert.deepEqual(parseStackFrame('    at residualBlock (/work/models/blocks.ts:12:5)'), {
      location: { file: '/work/models/blocks.ts', line: 12, column: 5 },
      functionName: 'residualBlock',
    });
    assert.deepEqual(parseStackFrame('at /work/models/train.js:3:9'), {
      location: { file: '/work/models/train.js', line: 3, column: 9 },
    });
    assert.equal(parseStackFrame('at async main (/w/train.js:4:2)')?.functionName, 'main');
    assert.equal(parseStackFrame('at new Net (/w/net.ts:7:1)')?.functionName, 'Net');
  });

  it('keeps spaces and parentheses in paths', () => {
    const named = parseStackFrame('at Object.<anonymous> (/Users/me/My Models (old)/train.js:21:7)');
    assert.deepEqual(named?.location, { file: '/Users/me/My Models (old)/train.js', line: 21, column: 7 });
    assert.equal(named?.functionName, 'Object.<anonymous>');
    assert.deepEqual(parseStackFrame('at /Users/me/My Models (old)/train.js:2:1')?.location, {
      file: '/Users/me/My Models (old)/train.js',
      line: 2,
      column: 1,
    });
    assert.deepEqual(parseStackFrame('at buildModel (C:\\Users\\me\\My Project\\model.ts:8:15)')?.location, {
      file: 'C:\\Users\\me\\My Project\\model.ts',
      line: 8,
      column: 15,
    });
  });

  it('decodes the file URLs of ES module frames', () => {
    assert.deepEqual(parseStackFrame('at file:///Users/me/My%20Models/train.mjs:5:3')?.location, {
      file: '/Users/me/My Models/train.mjs',
      line: 5,
      column: 3,
    });
  });

  it('names no position for frames without one', () => {
    assert.equal(parseStackFrame('at new Promise (<anonymous>)'), undefined);
    assert.equal(parseStackFrame('at async Promise.all (index 0)'), undefined);
    assert.equal(parseStackFrame('Error: boom'), undefined);
  });

  it('stackLocations lists every positioned frame of a stack, innermost first', () => {
    const stack = [
      'Error: boom',
      '    at fail (/tmp/a b/model.ts:3:9)',
      '    at new Promise (<anonymous>)',
      '    at /tmp/a b/train.ts:10:1',
    ].join('\n');
    assert.deepEqual(
      stackLocations(stack).map((where) => `${where.file}:${where.line}`),
      ['/tmp/a b/model.ts:3', '/tmp/a b/train.ts:10'],
    );
  });
});
