import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseArguments } from '../../extension/cli/arguments';

describe('CLI arguments', () => {
  it('parses train with overrides', () => {
    assert.deepEqual(parseArguments(['train', 'model.ts', '--epochs', '3', '--batch-size', '16', '--backend', 'cpu']), {
      kind: 'run',
      run: { command: 'train', modelFile: 'model.ts', epochs: 3, batchSize: 16, backend: 'cpu' },
    });
  });

  it('parses data, the description of what loadData() returns', () => {
    assert.deepEqual(parseArguments(['data', 'model.ts']), {
      kind: 'run',
      run: { command: 'data', modelFile: 'model.ts', backend: 'auto' },
    });
  });

  it('asks for help with no arguments or -h', () => {
    assert.equal(parseArguments([]).kind, 'help');
    assert.equal(parseArguments(['train', '-h']).kind, 'help');
  });

  it('explains bad input', () => {
    assert.deepEqual(parseArguments(['fit', 'x.ts']), {
      kind: 'error',
      message: 'Unknown command "fit". Use train, evaluate, resume, inspect, preflight, find-lr, data.',
    });
    assert.deepEqual(parseArguments(['train']), { kind: 'error', message: 'train needs a model file' });
    assert.deepEqual(parseArguments(['train', 'm.ts', '--epochs', '0']), {
      kind: 'error',
      message: '--epochs needs a positive integer, got 0',
    });
    assert.deepEqual(parseArguments(['train', 'm.ts', '--epochs']), {
      kind: 'error',
      message: '--epochs needs a positive integer, got nothing',
    });
    assert.deepEqual(parseArguments(['train', 'm.ts', '--gpu']), { kind: 'error', message: 'Unknown option --gpu' });
  });
});
