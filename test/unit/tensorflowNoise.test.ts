/** The trainer's stderr as the CLI relays it: TensorFlow's known start-up lines dropped, nothing else. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isTensorFlowStartupNoise, StartupNoiseFilter } from '../../extension/supervisor/tensorflowNoise';

/** Verbatim, as TF 2.21 (tensorflow-cpu wheel) prints them when tfjs-node loads. */
const ABSL_WARNING = 'WARNING: All log messages before absl::InitializeLog() is called are written to STDERR';
const ONEDNN =
  'I0000 00:00:1796037009.757555   24975 port.cc:153] oneDNN custom operations are on. You may see slightly different numerical results due to floating-point round-off errors from different computation orders. To turn them off, set the environment variable `TF_ENABLE_ONEDNN_OPTS=0`.';

function relay(chunks: string[]): string {
  let written = '';
  const filter = new StartupNoiseFilter((text) => (written += text));
  for (const chunk of chunks) filter.push(chunk);
  filter.end();
  return written;
}

describe('TensorFlow start-up noise', () => {
  it('knows the two absl lines, with or without a carriage return', () => {
    assert.ok(isTensorFlowStartupNoise(ABSL_WARNING));
    assert.ok(isTensorFlowStartupNoise(ONEDNN));
    assert.ok(isTensorFlowStartupNoise(`${ONEDNN}\r`));
  });

  it('does not take lines that only look alike', () => {
    for (const line of [
      'oneDNN custom operations are on.',
      `${ABSL_WARNING} (and more)`,
      `my model: ${ONEDNN}`,
      ONEDNN.replace('port.cc', 'cpu_feature_guard.cc'),
      'W0000 00:00:1.5 1 port.cc:153] oneDNN custom operations are on.',
      '',
    ]) {
      assert.equal(isTensorFlowStartupNoise(line), false, line);
    }
  });

  it('drops them from the relayed text, however it is cut into chunks, and keeps everything else in order', () => {
    const text = `${ABSL_WARNING}\n${ONEDNN}\nwarning: my own line\n\n  indented\nlast without newline`;
    const expected = 'warning: my own line\n\n  indented\nlast without newline';
    assert.equal(relay([text]), expected);
    for (const size of [1, 7, 64, 200]) {
      const chunks = text.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g')) ?? [];
      assert.equal(relay(chunks), expected, `chunks of ${size}`);
    }
  });

  it('passes on a line without its newline after a moment (a prompt), not only at the end', async () => {
    let written = '';
    const filter = new StartupNoiseFilter((text) => (written += text));
    filter.push('Epoch 1/3 ');
    assert.equal(written, '', 'held while its newline may follow');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(written, 'Epoch 1/3 ');
    filter.push('done\n');
    filter.end();
    assert.equal(written, 'Epoch 1/3 done\n');
  });
});
