import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BackendInfo } from '../../extension/protocol/model';
import type { RunHeader } from '../../extension/protocol/panelMessages';
import { hasTrained, panelParts } from '../../webview/header/panelParts';

const BACKEND: BackendInfo = {
  name: 'tensorflow',
  native: 'yes',
  packageName: '@tensorflow/tfjs-node',
  packagePath: '/x',
  version: '4.22.0',
  reason: 'native TensorFlow loaded',
};

type Header = Pick<RunHeader, 'status' | 'step' | 'samplesPerSec' | 'backend' | 'mode'>;
const header = (fields: Partial<Header>): Header => ({
  status: 'running',
  step: 0,
  samplesPerSec: null,
  backend: null,
  ...fields,
});

describe('panel parts', () => {
  it('knows a run trained from its step counter or any recorded batch or epoch', () => {
    assert.equal(hasTrained({ step: 0 }, { batches: 0, epochs: 0 }), false);
    assert.equal(hasTrained({ step: 12 }, { batches: 0, epochs: 0 }), true);
    assert.equal(hasTrained({ step: 0 }, { batches: 3, epochs: 0 }), true);
    assert.equal(hasTrained({ step: 0 }, { batches: 0, epochs: 1 }), true);
  });

  it('shows a run that failed before training as its name, badge, error and Train again only', () => {
    assert.deepEqual(panelParts(header({ status: 'failed' }), false), {
      epoch: false,
      rate: false,
      eta: false,
      backend: false,
      resume: false,
      evaluate: false,
      charts: false,
    });
  });

  it('keeps the backend of a failed run when the trainer had chosen one', () => {
    assert.equal(panelParts(header({ status: 'failed', backend: BACKEND }), false).backend, true);
  });

  it('shows every figure while running, dashes included, but no ended-run actions', () => {
    const parts = panelParts(header({}), false);
    assert.deepEqual([parts.epoch, parts.rate, parts.eta, parts.backend, parts.charts], [true, true, true, true, true]);
    assert.deepEqual([parts.resume, parts.evaluate], [false, false]);
  });

  it('offers Resume for a stopped or failed run that trained, Evaluate for any ended run that trained', () => {
    const trained = { step: 40, samplesPerSec: 8000, backend: BACKEND };
    for (const status of ['stopped', 'failed'] as const) {
      const parts = panelParts(header({ ...trained, status }), true);
      assert.deepEqual([parts.resume, parts.evaluate, parts.charts, parts.eta], [true, true, true, false], status);
    }
    const completed = panelParts(header({ ...trained, status: 'completed' }), true);
    assert.deepEqual([completed.resume, completed.evaluate, completed.rate], [false, true, true]);
    assert.equal(panelParts(header({ status: 'stopped', step: 40 }), true).rate, false, 'no rate measured: no dash');
  });

  it("offers neither Resume nor Evaluate for a training script's run, and both for a module-mode or older run", () => {
    const trained = { step: 40, samplesPerSec: 8000, backend: BACKEND, status: 'stopped' as const };
    const script = panelParts(header({ ...trained, mode: 'script' }), true);
    assert.deepEqual([script.resume, script.evaluate, script.charts], [false, false, true]);
    for (const mode of ['module', undefined] as const) {
      const parts = panelParts(header({ ...trained, ...(mode && { mode }) }), true);
      assert.deepEqual([parts.resume, parts.evaluate], [true, true], String(mode));
    }
  });
});
