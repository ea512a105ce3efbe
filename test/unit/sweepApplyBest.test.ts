import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatSourceValue, withBestValues } from '../../extension/host/sweep/bestConfigEdit';

const FILE = `import * as tf from '@tensorflow/tfjs';

export const config = {
  epochs: 20,
  learningRate: 0.01, // from the LR finder
  optimizer: 'adam',
};

export const sweep = { metric: 'val_loss', parameters: { learningRate: { min: 1e-4, max: 1e-1 }, units: [16, 32] } };
`;

test('Apply Best replaces the config fields the file has and adds the others, in the sweep order', () => {
  const text = withBestValues(FILE, { learningRate: 0.00312345, units: 32, optimizer: 'sgd' });
  assert.equal(
    text,
    FILE.replace('learningRate: 0.01,', 'learningRate: 0.003123,')
      .replace("optimizer: 'adam'", "optimizer: 'sgd'")
      .replace('export const config = {\n', 'export const config = {\n  units: 32,\n'),
  );
  // The sweep itself is left alone.
  assert.match(text ?? '', /parameters: \{ learningRate: \{ min: 1e-4, max: 1e-1 \}, units: \[16, 32\] \}/);
});

test('Apply Best on a file without config says so (undefined), and values read as source', () => {
  assert.equal(withBestValues('export function createModel() {}', { units: 8 }), undefined);
  assert.equal(formatSourceValue(0.000123456), '0.0001235');
  assert.equal(formatSourceValue("it's"), "'it\\'s'");
  assert.equal(formatSourceValue(true), 'true');
});
