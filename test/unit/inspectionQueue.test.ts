import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DryBuildQueue } from '../../extension/host/inspection/dryBuildQueue';

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

function setup() {
  const builds: string[] = [];
  const results: string[] = [];
  const finish: (() => void)[] = [];
  const queue = new DryBuildQueue<string>({
    debounceMs: 5,
    build: (file) => {
      builds.push(file);
      return new Promise((resolve) => finish.push(() => resolve(`built ${file} #${builds.length}`)));
    },
    onResult: (file, outcome) => results.push(outcome),
  });
  return { queue, builds, results, finish };
}

describe('dry build queue', () => {
  it('debounces requests for one file', async () => {
    const { queue, builds } = setup();
    queue.request('/a.ts', 'h1');
    queue.request('/a.ts', 'h2');
    queue.request('/a.ts', 'h3');
    await tick(20);
    assert.deepEqual(builds, ['/a.ts']);
    queue.dispose();
  });

  it('builds one file at a time, then the next', async () => {
    const { queue, builds, results, finish } = setup();
    queue.request('/a.ts', 'h1');
    queue.request('/b.ts', 'h1');
    await tick(20);
    assert.deepEqual(builds, ['/a.ts']);
    finish.shift()?.();
    await tick();
    assert.deepEqual(builds, ['/a.ts', '/b.ts']);
    finish.shift()?.();
    await tick();
    assert.deepEqual(results, ['built /a.ts #1', 'built /b.ts #2']);
    queue.dispose();
  });

  it('answers unchanged content from the cache without a build', async () => {
    const { queue, builds, results, finish } = setup();
    queue.request('/a.ts', 'h1');
    await tick(20);
    finish.shift()?.();
    await tick();
    queue.request('/a.ts', 'h1');
    await tick(20);
    assert.deepEqual(builds, ['/a.ts']);
    assert.deepEqual(results, ['built /a.ts #1', 'built /a.ts #1']);
    queue.request('/a.ts', 'h2');
    await tick(20);
    assert.equal(builds.length, 2);
    queue.dispose();
  });

  it('does not queue the content being built again', async () => {
    const { queue, builds, finish } = setup();
    queue.request('/a.ts', 'h1');
    await tick(20);
    queue.request('/a.ts', 'h1');
    await tick(20);
    finish.shift()?.();
    await tick(20);
    assert.deepEqual(builds, ['/a.ts']);
    queue.dispose();
  });
});
