/**
 * What a supervisor relays of its trainer's stderr, on a tiny model with native TensorFlow, through
 * the real CLI and the extension's TrainerProcess: TF 2.21's absl start-up lines (which
 * TF_CPP_MIN_LOG_LEVEL does not silence) are gone on train, evaluate and resume; the model file's own
 * stderr lines, even ones that look alike, all stay.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { listRunDirs } from '../../extension/runs/runReader';
import { assertBuilt, bareFolder, onlyRun, runCli, startTrainer, TINY_MODEL } from './harness';

before(assertBuilt);

const OWN_LINES = ['model says: oneDNN custom operations are on.', 'WARNING: my own warning'];
const MODEL = TINY_MODEL.replace(
  'export function createModel(): tf.LayersModel {',
  `export function createModel(): tf.LayersModel {\n${OWN_LINES.map((line) => `  console.error(${JSON.stringify(line)});`).join('\n')}`,
).replace(
  'validation: { xs: xs.slice(0, 64), ys: ys.slice(0, 64) }',
  '$& , test: { xs: xs.slice(64, 128), ys: ys.slice(64, 128) }',
);
const NOISE = [/absl::InitializeLog/, /port\.cc:\d+\] oneDNN custom operations are on/];

/** What the trainer printed (its output tail, kept whole) and what its supervisor relayed of its stderr (to the extension's output channel). */
async function evaluateInExtension(dir: string): Promise<{ printed: string; relayed: string }> {
  let relayed = '';
  const trainer = startTrainer(dir, [], { command: 'evaluate', onStderr: (text) => (relayed += text) });
  const exit = await trainer.exited;
  assert.equal(exit.code, 0, exit.outputTail);
  return { printed: exit.outputTail, relayed };
}

function assertRelayed(stderr: string, command: string): void {
  for (const noise of NOISE) assert.doesNotMatch(stderr, noise, `${command}: TensorFlow's start-up line is dropped`);
  for (const line of OWN_LINES) assert.ok(stderr.split('\n').includes(line), `${command}: kept "${line}":\n${stderr}`);
}

describe('the trainer’s stderr is relayed without TensorFlow’s start-up noise', () => {
  it('train, evaluate and resume: absl lines dropped, the model’s own lines kept', async (t) => {
    const dir = bareFolder({ 'model.ts': MODEL });
    const trained = runCli(['train', 'model.ts', '--epochs', '2', '--sample-every', '0'], dir);
    assert.equal(trained.code, 0, trained.stdout + trained.stderr);
    const [runDir] = listRunDirs(dir);
    assert.ok(runDir);
    if (onlyRun(dir).info.backend?.native !== 'yes') {
      t.skip('no native TensorFlow here: nothing prints the absl lines');
      return;
    }
    const extension = await evaluateInExtension(dir);
    for (const noise of NOISE) assert.match(extension.printed, noise, 'the trainer itself prints the absl lines');
    assertRelayed(extension.relayed, 'the extension');
    assertRelayed(trained.stderr, 'train');

    const evaluated = runCli(['evaluate', 'model.ts'], dir);
    assert.equal(evaluated.code, 0, evaluated.stdout + evaluated.stderr);
    assertRelayed(evaluated.stderr, 'evaluate');

    const resumed = runCli(['resume', runDir, '--epochs', '3', '--sample-every', '0'], dir);
    assert.equal(resumed.code, 0, resumed.stdout + resumed.stderr);
    assertRelayed(resumed.stderr, 'resume');
  });
});
