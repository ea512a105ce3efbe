/**
 * Ties layers to the source line that constructed them. The model file's TensorFlow.js import
 * resolves to a view of the trainer's instance in which every `tf.layers.*` factory,
 * `tf.sequential` and `tf.model` records its caller's stack; with Node's source-map support on,
 * that stack already points into the user's TypeScript, so helpers and loops map exactly. The
 * line is the innermost one in the user's own files, so a layer built in `model.js` for a
 * script `train.js` is tied to `model.js`. A layer built inside a helper also records the helper's call (name, call site, which call),
 * so the graph can group a residual block's layers by the call that built them.
 */
import type { BuiltBy, SourceLocation } from '../../protocol/model';
import { isUserFile, userFrames, type UserFrame } from './userFrames';
import { HelperCalls } from './helperCalls';
import type { TensorFlow } from '../tensorflow';

const FACTORY_STACK_DEPTH = 64;
const RECORDED_TOP_LEVEL = ['sequential', 'model'];
/** Loaders whose models' layers are built inside TensorFlow.js: tied to the line that loads them. */
const RECORDED_LOADERS = ['loadLayersModel'];

type Factory = (...args: unknown[]) => unknown;

interface Origin {
  source: SourceLocation;
  builtBy?: BuiltBy;
}

export class LayerSourceRecorder {
  private readonly origins = new WeakMap<object, Origin>();
  private readonly calls = new HelperCalls();

  constructor(
    private readonly modelFile: string,
    private readonly userDir: string,
  ) {}

  sourceOf(layer: object): SourceLocation | undefined {
    return this.origins.get(layer)?.source;
  }

  builtByOf(layer: object): BuiltBy | undefined {
    return this.origins.get(layer)?.builtBy;
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
    for (const name of RECORDED_LOADERS) {
      const value = view[name];
      if (typeof value === 'function') view[name] = this.recordingLoader(value as Factory);
    }
    return view as unknown as TensorFlow;
  }

  /** A loaded model's layers (a base to fine-tune, say) are tied to the line that loads it. */
  private recordingLoader(loader: Factory): Factory {
    return async (...args: unknown[]) => {
      const origin = this.origin();
      const loaded = (await loader(...args)) as { layers?: unknown };
      if (origin && Array.isArray(loaded.layers)) {
        for (const layer of loaded.layers as object[])
          if (!this.origins.has(layer)) this.origins.set(layer, { source: origin.source });
      }
      return loaded;
    };
  }

  private recording(factory: Factory): Factory {
    return (...args: unknown[]) => {
      const created = factory(...args);
      if (typeof created === 'object' && created !== null && !this.origins.has(created)) {
        const origin = this.origin();
        if (origin) this.origins.set(created, origin);
      }
      return created;
    };
  }

  private origin(): Origin | undefined {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = FACTORY_STACK_DEPTH;
    const stack = new Error().stack;
    Error.stackTraceLimit = limit;
    const [built, caller] = userFrames(stack, this.modelFile, this.userDir);
    if (built === undefined) return undefined;
    return { source: built.location, ...(caller && { builtBy: this.builtBy(built, caller) }) };
  }

  private builtBy(built: UserFrame, caller: UserFrame): BuiltBy {
    const helper = built.functionName ?? '(anonymous)';
    const call = this.calls.callOf(helper, caller.location, built.location.line);
    return { helper, call, site: caller.location };
  }
}

/** The innermost frame in the user's own files (see `isUserFile`). */
export function innermostUserFrame(
  frames: SourceLocation[],
  modelFile: string,
  userDir: string,
): SourceLocation | undefined {
  return frames.find((frame) => isUserFile(frame.file, modelFile, userDir));
}
