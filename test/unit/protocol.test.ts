import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePanelMessage } from '../../extension/protocol/panelMessages';
import { parseHostMessage, parseTrainerMessage } from '../../extension/protocol/trainerMessages';
import { PROTOCOL_VERSION } from '../../extension/protocol/version';

const batch = { epoch: 1, batch: 0, step: 1, time: 1, logs: { loss: 0.5 } };

describe('trainer → host messages', () => {
  it('accepts a valid batches message and keeps NaN losses as data', () => {
    const result = parseTrainerMessage({
      v: PROTOCOL_VERSION,
      type: 'batches',
      records: [batch, { ...batch, step: 2, logs: { loss: Number.NaN } }],
    });
    assert.ok(result.ok);
    assert.equal(result.value.type, 'batches');
  });

  it('rejects another protocol version', () => {
    const result = parseTrainerMessage({ v: PROTOCOL_VERSION + 1, type: 'batches', records: [] });
    assert.deepEqual(result, { ok: false, error: `v: expected ${PROTOCOL_VERSION}, got number` });
  });

  it('names the unknown type', () => {
    const result = parseTrainerMessage({ v: PROTOCOL_VERSION, type: 'explode' });
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.error : '', /type: expected one of phase, runCreated/);
  });

  it('reports the path of a bad nested field', () => {
    const result = parseTrainerMessage({
      v: PROTOCOL_VERSION,
      type: 'batches',
      records: [batch, { ...batch, logs: { loss: 'high' } }],
    });
    assert.deepEqual(result, { ok: false, error: 'records[1].logs.loss: expected a number, got string' });
  });

  it('rejects non-objects without throwing', () => {
    for (const value of [null, undefined, 42, 'batches', [], () => 1]) {
      assert.equal(parseTrainerMessage(value).ok, false);
    }
  });

  it('drops unknown extra fields', () => {
    const result = parseTrainerMessage({
      v: PROTOCOL_VERSION,
      type: 'log',
      level: 'info',
      text: 'hi',
      extra: { huge: true },
    });
    assert.ok(result.ok);
    assert.equal('extra' in result.value, false);
  });

  it('bounds the number of metric keys', () => {
    const logs = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`m${i}`, i]));
    assert.equal(
      parseTrainerMessage({ v: PROTOCOL_VERSION, type: 'batches', records: [{ ...batch, logs }] }).ok,
      false,
    );
  });
});

describe('host → trainer messages', () => {
  it('accepts start with options and rejects a bad backend', () => {
    const start = {
      v: PROTOCOL_VERSION,
      type: 'start',
      command: 'train',
      modelFile: '/m.ts',
      options: { backend: 'auto', epochs: 3 },
    };
    assert.ok(parseHostMessage(start).ok);
    assert.equal(parseHostMessage({ ...start, options: { backend: 'gpu' } }).ok, false);
    assert.equal(parseHostMessage({ ...start, options: { backend: 'auto', epochs: 0 } }).ok, false);
  });
});

describe('panel → host messages', () => {
  it('accepts ready and stop, rejects stop without a run id', () => {
    assert.ok(parsePanelMessage({ v: PROTOCOL_VERSION, type: 'ready' }).ok);
    assert.ok(parsePanelMessage({ v: PROTOCOL_VERSION, type: 'stop', runId: 'r1' }).ok);
    assert.equal(parsePanelMessage({ v: PROTOCOL_VERSION, type: 'stop' }).ok, false);
  });
});
