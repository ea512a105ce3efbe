/**
 * Script mode follows training through `fit`/`fitDataset`. A script that trains in a loop of its
 * own (`model.trainOnBatch()`, `optimizer.minimize()`) runs as under node, but its steps cannot
 * be followed: this watch notes such calls (the first one's line, how many), so the script is
 * told so at that line, once, and a script that never called fit learns why nothing was recorded.
 * Calls tfjs makes itself inside fit or trainOnBatch are not the script's loop and are not counted.
 */
import * as path from 'node:path';
import type { SourceLocation } from '../../protocol/model';
import { locateInUserCode } from '../failure';
import type { Send } from '../loadModelFile';
import type { TensorFlow } from '../tensorflow';

export interface UnfollowedLoop {
  /** What the script called, as it reads in code: `model.trainOnBatch()`. */
  call: string;
  calls: number;
  location: SourceLocation | undefined;
}

type Method = (this: unknown, ...args: unknown[]) => unknown;
interface Patched {
  owner: Record<string, Method>;
  name: string;
  original: Method;
}

export class CustomLoopWatch {
  private found: UnfollowedLoop | undefined;
  private readonly patched: Patched[] = [];
  /** Inside trainOnBatch or minimize: tfjs's own inner calls. */
  private depth = 0;

  /** `fitting`: whether a followed fit is training now (its optimizer steps are followed already). */
  constructor(
    private readonly modelFile: string,
    private readonly send: Send,
    private readonly fitting: () => boolean,
  ) {}

  get first(): UnfollowedLoop | undefined {
    return this.found;
  }

  install(tf: TensorFlow): void {
    this.wrap(tf.LayersModel.prototype, 'trainOnBatch', 'model.trainOnBatch()');
    this.wrap(tf.Optimizer.prototype, 'minimize', 'optimizer.minimize()');
  }

  uninstall(): void {
    for (const { owner, name, original } of this.patched.splice(0)) owner[name] = original;
  }

  private wrap(prototype: object, name: string, call: string): void {
    const owner = prototype as Record<string, Method>;
    const original = owner[name];
    if (typeof original !== 'function') return;
    this.patched.push({ owner, name, original });
    const watched = (target: unknown, args: unknown[]) => this.watched(call, original, target, args);
    owner[name] = function (this: unknown, ...args: unknown[]) {
      return watched(this, args);
    };
  }

  /** Calls the original; a call from outside any fit or loop call is the script's own loop. */
  private watched(call: string, original: Method, target: unknown, args: unknown[]): unknown {
    if (this.depth > 0 || this.fitting()) return original.apply(target, args);
    this.note(call);
    this.depth++;
    let result: unknown;
    try {
      result = original.apply(target, args);
    } catch (error) {
      this.depth--;
      throw error;
    }
    if (!(result instanceof Promise)) {
      this.depth--;
      return result;
    }
    return result.finally(() => this.depth--);
  }

  private note(call: string): void {
    if (this.found) {
      if (this.found.call === call) this.found.calls++;
      return;
    }
    const location = locateInUserCode(deepStack(), this.modelFile, path.dirname(this.modelFile));
    this.found = { call, calls: 1, location };
    const where = location ? `${path.basename(location.file)}:${location.line}: ` : '';
    this.send({
      type: 'log',
      level: 'warning',
      text: `${where}${call} trains outside model.fit(): Tensorscope cannot follow a custom training loop, so its steps are not recorded.`,
    });
  }
}

/** Frames enough to pass tfjs's own (Sequential delegates to LayersModel through tslib's awaiter). */
const CALLER_STACK_DEPTH = 40;

function deepStack(): string | undefined {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = CALLER_STACK_DEPTH;
  try {
    return new Error().stack;
  } finally {
    Error.stackTraceLimit = limit;
  }
}
