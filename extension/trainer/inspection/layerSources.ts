/**
 * Ties layers to the source line that constructed them. The model file's TensorFlow.js import
 * resolves to a view of the trainer's instance in which every `tf.layers.*` factory,
 * `tf.sequential` and `tf.model` records its caller's stack; with Node's source-map support on,
 * that stack already points into the user's TypeScript, so helpers and loops map exactly. The
 * line is the innermost one in the user's own files, so a layer built in `model.js` for a
 * script `train.js` is tied to `model.js`.
 */
import * as path from 'node:path';
import type { SourceLocation } from '../../protocol/model';
import { stackLocations } from '../failure';
import type { TensorFlow } from '../tensorflow';

const FACTORY_STACK_DEPTH = 64;
const RECORDED_TOP_LEVEL = ['sequential', 'model'];

type Factory = (...args: unknown[]) => unknown;

export class LayerSourceRecorder {
  private readonly sources = new WeakMap<object, SourceLocation>();

  constructor(
    private readonly modelFile: string,
    private readonly userDir: string,
  ) {}

  sourceOf(layer: object): SourceLocation | undefined {
    return this.sources.get(layer);
  }

  /**
   * A copy of `tf` whose layer factories record where they were called. A copy, not a Proxy:
   * TensorFlow.js namespaces are frozen, and a Proxy may not report other values for them.
   */
  instrument(tf: TensorFlow): TensorFlow {
    const view: Record<string, unknown> = { ...(tf as unknown as Record<string, unknown>) };
    const layers: Record<string, unknown> = { ...(tf.layers as unknown as Record<string, unknown>) };
    for (const [name, value] of Object.entries(layers)) {
      // Classes (tf.layers.Layer, for custom layers) are left alone: only factories are wrapped.
      if (typeof value === 'function' && !/^[A-Z]/.test(name)) layers[name] = this.recording(value as Factory);
    }
    view.layers = layers;
    for (const name of RECORDED_TOP_LEVEL) {
      const value = view[name];
      if (typeof value === 'function') view[name] = this.recording(value as Factory);
    }
    return view as unknown as TensorFlow;
  }

  private recording(factory: Factory): Factory {
    return (...args: unknown[]) => {
      const created = factory(...args);
      if (typeof created === 'object' && created !== null && !this.sources.has(created)) {
        const location = this.callSite();
        if (location) this.sources.set(created, location);
      }
      return created;
    };
  }

  private callSite(): SourceLocation | undefined {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = FACTORY_STACK_DEPTH;
    const stack = new Error().stack;
    Error.stackTraceLimit = limit;
    return innermostUserFrame(stackLocations(stack), this.modelFile, this.userDir);
  }
}

/**
 * The frame closest to the factory call that is the user's: in the model file's folder (or
 * the model file itself), outside node_modules, and not Tensorscope's own code.
 */
export function innermostUserFrame(
  frames: SourceLocation[],
  modelFile: string,
  userDir: string,
): SourceLocation | undefined {
  const inUserDir = (file: string) => file.startsWith(userDir + path.sep) || file === modelFile;
  return frames.find(
    (frame) =>
      frame.file !== __filename && inUserDir(frame.file) && !frame.file.includes(`${path.sep}node_modules${path.sep}`),
  );
}
