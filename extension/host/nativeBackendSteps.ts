/**
 * How Install Native Backend installs @tensorflow/tfjs-node on each platform, as data (tested on
 * any machine). macOS and Windows: tfjs-node's official route, npm running its install script
 * (which downloads libtensorflow and the prebuilt addon). Linux: the package without its script,
 * then the provisioning script (the official download, else the TensorFlow wheel from PyPI).
 */
import * as path from 'node:path';

export const TFJS_NODE = '@tensorflow/tfjs-node@4.22.0';

export const VERIFY_NATIVE_BACKEND =
  "process.env.TF_CPP_MIN_LOG_LEVEL='3';const tf=require('@tensorflow/tfjs-node');if(tf.getBackend()!=='tensorflow')process.exit(3)";

export interface InstallStep {
  kind: 'install' | 'provision' | 'verify';
  command: string;
  args: string[];
}

export function nativeBackendSteps(platform: NodeJS.Platform, extensionPath: string, node: string): InstallStep[] {
  const npmInstall = ['install', TFJS_NODE, '--no-audit', '--no-fund', '--no-save'];
  const verify: InstallStep = { kind: 'verify', command: node, args: ['-e', VERIFY_NATIVE_BACKEND] };
  if (platform !== 'linux')
    return [
      { kind: 'install', command: 'npm', args: [...npmInstall, '--ignore-scripts=false', '--foreground-scripts'] },
      verify,
    ];
  return [
    { kind: 'install', command: 'npm', args: [...npmInstall, '--ignore-scripts'] },
    { kind: 'provision', command: 'bash', args: [path.join(extensionPath, 'dist', 'provision-tfjs-node.sh')] },
    verify,
  ];
}
