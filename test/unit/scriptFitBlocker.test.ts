/**
 * Which of a script's fit options keep the call in tfjs's own loop, and how the reason reads:
 * the ordinary options compile, the ones the compiled step does not take are named.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitArgsBlocker } from '../../extension/trainer/script/fitExecution';

describe("a script's fit options and the compiled step", () => {
  it('compiles the options scripts ordinarily pass', () => {
    const ordinary = {
      epochs: 10,
      batchSize: 64,
      validationSplit: 0.2,
      shuffle: true,
      initialEpoch: 2,
      verbose: 1,
      callbacks: [{ onEpochEnd: () => undefined }],
      yieldEvery: 'never',
    };
    assert.equal(fitArgsBlocker(ordinary), undefined);
    assert.equal(fitArgsBlocker({ validationData: [1, 2], sampleWeight: null }), undefined);
  });

  it('names each option that only tfjs’s loop takes', () => {
    assert.equal(
      fitArgsBlocker({ classWeight: { 0: 1, 1: 5 } }),
      "the script's fit passes classWeight, which the compiled step does not take",
    );
    assert.match(fitArgsBlocker({ sampleWeight: [1] }) ?? '', /passes sampleWeight/);
    assert.match(fitArgsBlocker({ stepsPerEpoch: 10 }) ?? '', /passes stepsPerEpoch/);
    assert.match(fitArgsBlocker({ validationSteps: 3 }) ?? '', /passes validationSteps/);
    assert.equal(fitArgsBlocker({ shuffle: 'batch' }), "the script's fit asks for shuffle: 'batch'");
    assert.equal(
      fitArgsBlocker({ validationData: [1, 2, 3] }),
      "the script's fit passes validationData with sample weights",
    );
  });
});
