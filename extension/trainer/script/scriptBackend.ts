/**
 * A script may pick its backend itself (`await tf.setBackend('cpu')` before it trains). The run
 * must record the backend its fits train on, not the one the trainer set up, or the header and
 * run.json say "native TensorFlow" for a run on the pure-JS cpu backend.
 */
import type { BackendInfo, BackendName } from '../../protocol/model';
import type { TensorFlow } from '../tensorflow';

const NAMES: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

export function backendInUse(tf: TensorFlow, prepared: BackendInfo): BackendInfo {
  const name = tf.getBackend();
  if (name === prepared.name || !NAMES.includes(name as BackendName)) return prepared;
  return {
    ...prepared,
    name: name as BackendName,
    native: name === 'tensorflow' ? 'yes' : 'no',
    reason: `the script chose it (tf.setBackend('${name}')) instead of ${prepared.name}`,
  };
}
