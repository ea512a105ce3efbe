import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { learningRateEdit, type ConfigEdit } from '../../extension/host/inspection/configEdit';

function applied(text: string, learningRate: number): string {
  const edit: ConfigEdit = learningRateEdit(text, learningRate);
  if (edit.kind === 'noConfig') return 'noConfig';
  if (edit.kind === 'insert') return text.slice(0, edit.offset) + edit.text + text.slice(edit.offset);
  return text.slice(0, edit.start) + edit.text + text.slice(edit.end);
}

describe('learningRate edit of the exported config', () => {
  it('replaces an existing value, keeping its comma and comment', () => {
    const text = 'export const config = {\n  epochs: 8,\n  learningRate: 0.1, // was too high\n  batchSize: 32,\n};\n';
    assert.equal(applied(text, 0.0031234), text.replace('0.1,', '0.0031,'));
  });

  it('replaces the last value before the closing brace and a quoted key', () => {
    assert.equal(
      applied("export const config = { 'learningRate': 1e-2 }", 0.003),
      "export const config = { 'learningRate': 0.003 }",
    );
    assert.equal(
      applied('export const config = {\n  learningRate: 1e-2\n};', 2e-7),
      'export const config = {\n  learningRate: 2e-7\n};',
    );
  });

  it('inserts the key when absent, matching the layout', () => {
    assert.equal(
      applied('export const config = {\n  epochs: 8,\n  batchSize: 32,\n};', 0.01),
      'export const config = {\n  learningRate: 0.01,\n  epochs: 8,\n  batchSize: 32,\n};',
    );
    assert.equal(
      applied('export const config = { epochs: 8 };', 0.01),
      'export const config = { learningRate: 0.01, epochs: 8 };',
    );
    assert.equal(applied('export const config = {};', 0.01), 'export const config = { learningRate: 0.01 };');
  });

  it('ignores learningRate in nested objects, strings and comments', () => {
    const text = [
      'export const config: Config = {',
      "  optimizer: { name: 'adam', learningRate: 0.5 },",
      "  note: 'learningRate: 9',",
      '  // learningRate: 7',
      '  epochs: 3,',
      '};',
    ].join('\n');
    assert.equal(applied(text, 0.02), text.replace('{\n  optimizer', '{\n  learningRate: 0.02,\n  optimizer'));
  });

  it('handles CommonJS exports and reports a file without a config export', () => {
    assert.equal(
      applied('module.exports.config = { epochs: 1 };', 0.1),
      'module.exports.config = { learningRate: 0.1, epochs: 1 };',
    );
    assert.equal(applied('const config = { epochs: 1 };\nexport function createModel() {}', 0.1), 'noConfig');
  });
});
