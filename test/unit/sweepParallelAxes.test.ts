import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { axisNameAnchor } from '../../webview/hparams/hparamsData';

describe('parallel coordinates axis names', () => {
  it('runs the outer axes’ names inward so a long first name is not cut at the edge', () => {
    assert.deepEqual(
      [0, 1, 2].map((i) => axisNameAnchor(i, 3)),
      ['start', 'middle', 'end'],
    );
    assert.equal(axisNameAnchor(0, 1), 'middle', 'a lone axis keeps its name centred');
  });
});
