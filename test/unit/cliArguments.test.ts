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
    assert.deepEqual(parseArguments(['train', 'm.ts', '--gpu']), {
      kind: 'error',
      message:
        "Unknown option --gpu (a training script's own options go after --: tensorscope train <script> -- --gpu …)",
    });
    assert.deepEqual(parseArguments(['inspect', 'm.ts', '--gpu']), { kind: 'error', message: 'Unknown option --gpu' });
  });

  it('passes everything after -- to the training script, untouched', () => {
    assert.deepEqual(
      parseArguments(['train', 'train.js', '--epochs', '2', '--', '--epochs', '5', '-h', '--', 'positional']),
      {
        kind: 'run',
        run: {
          command: 'train',
          modelFile: 'train.js',
          epochs: 2,
          backend: 'auto',
          scriptArguments: ['--epochs', '5', '-h', '--', 'positional'],
        },
      },
    );
    assert.deepEqual(parseArguments(['train', 'train.js', '--']), {
      kind: 'run',
      run: { command: 'train', modelFile: 'train.js', backend: 'auto', scriptArguments: [] },
    });
    assert.equal(parseArguments(['train', 'train.js', '--', '--version']).kind, 'run', "the script's --version");
  });

  it('takes a seed for train', () => {
    const parsed = parseArguments(['train', 'model.ts', '--seed', '4294967295']);
    assert.equal(parsed.kind === 'run' && parsed.run.seed, 4294967295);
    assert.deepEqual(parseArguments(['train', 'model.ts', '--seed', '-1']), {
      kind: 'error',
      message: '--seed needs a whole number from 0 to 4294967295, got -1',
    });
    assert.deepEqual(parseArguments(['evaluate', 'model.ts', '--seed', '3']), {
      kind: 'error',
      message: 'Unknown option --seed',
    });
  });

  it('refuses script arguments for commands that run no script', () => {
    assert.deepEqual(parseArguments(['evaluate', 'model.ts', '--', '--epochs', '3']), {
      kind: 'error',
      message: 'Script arguments (after --) go to a training script: only train takes them',
    });
  });
});
