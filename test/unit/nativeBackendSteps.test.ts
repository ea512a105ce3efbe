/** Install Native Backend's route per platform: the official npm route without bash on macOS and Windows. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nativeBackendSteps, TFJS_NODE } from '../../extension/host/nativeBackendSteps';

describe('native backend install steps', () => {
  for (const platform of ['darwin', 'win32'] as const) {
    it(`${platform}: npm installs tfjs-node with its own install script, then the addon is loaded`, () => {
      const steps = nativeBackendSteps(platform, '/ext', 'node');
      assert.deepEqual(
        steps.map((step) => step.kind),
        ['install', 'verify'],
      );
      assert.ok(!steps.some((step) => step.command === 'bash'), 'no bash');
      const install = steps[0];
      assert.equal(install?.command, 'npm');
      assert.ok(install?.args.includes(TFJS_NODE));
      assert.ok(install?.args.includes('--ignore-scripts=false'), 'runs the official install script');
    });
  }

  it('linux: the package without its script, then the provisioning script with the wheel fallback', () => {
    const steps = nativeBackendSteps('linux', '/ext', '/usr/bin/node');
    assert.deepEqual(
      steps.map((step) => [step.kind, step.command]),
      [
        ['install', 'npm'],
        ['provision', 'bash'],
        ['verify', '/usr/bin/node'],
      ],
    );
    assert.ok(steps[0]?.args.includes('--ignore-scripts'));
    assert.deepEqual(steps[1]?.args, ['/ext/dist/provision-tfjs-node.sh']);
  });
});
