/**
 * run.json's `execution` for a script's fit calls: the first call's way and reason stay, every
 * call is counted, and a call that trains another way than the one before it is a change (the
 * first 20 kept, so the record stays bounded for a script that alternates hundreds of times).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { executionInfoSchema, MAX_EXECUTION_CHANGES } from '../../extension/protocol/model';
import { parser } from '../../extension/protocol/schema';
import { ExecutionTally } from '../../extension/trainer/script/executionTally';

const validate = parser(executionInfoSchema);

describe("a script's fit calls in run.json's execution", () => {
  it('keeps the first call and counts the calls, recording when the way changes', () => {
    const tally = new ExecutionTally();
    assert.equal(tally.count('graph', 'one graph'), false);
    assert.equal(tally.count('graph', 'one graph'), false);
    assert.equal(tally.count('eager', 'classWeight'), true);
    assert.equal(tally.count('eager', 'classWeight'), false);
    assert.equal(tally.count('graph', 'one graph'), true);
    assert.deepEqual(tally.current, {
      execution: 'graph',
      reason: 'one graph',
      fitCalls: { graph: 3, eager: 2 },
      changes: [
        { fitCall: 3, execution: 'eager', reason: 'classWeight' },
        { fitCall: 5, execution: 'graph', reason: 'one graph' },
      ],
    });
    assert.ok(validate(tally.current).ok);
  });

  it('has no changes while every call trains the same way', () => {
    const tally = new ExecutionTally();
    for (let call = 0; call < 200; call++) tally.count('graph', 'one graph');
    assert.deepEqual(tally.current, { execution: 'graph', reason: 'one graph', fitCalls: { graph: 200, eager: 0 } });
  });

  it('keeps only the first changes of a script that alternates, and stays valid', () => {
    const tally = new ExecutionTally();
    for (let call = 0; call < 300; call++) tally.count(call % 2 ? 'eager' : 'graph', `call ${call + 1}`);
    assert.equal(tally.current?.changes?.length, MAX_EXECUTION_CHANGES);
    assert.deepEqual(tally.current?.changes?.at(-1), {
      fitCall: MAX_EXECUTION_CHANGES + 1,
      execution: MAX_EXECUTION_CHANGES % 2 ? 'eager' : 'graph',
      reason: `call ${MAX_EXECUTION_CHANGES + 1}`,
    });
    assert.deepEqual(tally.current?.fitCalls, { graph: 150, eager: 150 });
    assert.ok(validate(tally.current).ok);
  });
});
