/** The real pure-JS TensorFlow.js: its cpu backend's "Hi, looks like…" banner, and silencing it. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { silenceCpuBackendBanner } from '../../extension/trainer/quietTensorFlow';

const BANNER = 'Hi, looks like you are running TensorFlow.js in Node.js';
const cpuFactory = tf.findBackendFactory('cpu');

/** A new cpu backend instance, as a fresh trainer process has. */
async function freshCpuBackend(): Promise<void> {
  tf.removeBackend('cpu');
  tf.registerBackend('cpu', cpuFactory, 1);
  assert.ok(await tf.setBackend('cpu'));
}

function warningsWhile(work: () => void): string[] {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
  try {
    work();
  } finally {
    console.warn = warn;
  }
  return warnings;
}

describe('the cpu backend banner', () => {
  it('is printed by tfjs on a fresh cpu backend’s first tensor', async () => {
    await freshCpuBackend();
    const warnings = warningsWhile(() => tf.tensor([1, 2]).dispose());
    assert.ok(
      warnings.some((warning) => warning.includes(BANNER)),
      JSON.stringify(warnings),
    );
  });

  it('is never printed once silenced', async () => {
    await freshCpuBackend();
    silenceCpuBackendBanner(tf);
    assert.deepEqual(
      warningsWhile(() => tf.tensor([1, 2]).dispose()),
      [],
    );
  });
});
