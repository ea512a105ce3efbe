import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ErrorKind, SourceLocation, TrainerError } from '../protocol/model';
import { DISK_FULL_HINT, isDiskFull } from '../runs/diskFull';
import { parseStackFrame } from './stackFrame';

/** An error the user can act on: it says what is wrong, where, and what to do. */
export class TrainerFailure extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly location?: SourceLocation,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'TrainerFailure';
  }
}

export function stackLocations(stack: string | undefined): SourceLocation[] {
  if (!stack) return [];
  return stack.split('\n').flatMap((line) => parseStackFrame(line)?.location ?? []);
}

const realPaths = new Map<string, string>();

function realPath(file: string): string {
  let real = realPaths.get(file);
  if (real === undefined) {
    try {
      real = fs.realpathSync(file);
    } catch {
      real = file;
    }
    realPaths.set(file, real);
  }
  return real;
}

/**
 * A model file reached through a symlink is bundled from its real path, so stack frames name the
 * real file; they are reported under the path the user opened (where hovers and diagnostics go).
 */
export function asOpened(frame: SourceLocation, modelFile: string, userDir: string): SourceLocation {
  if (frame.file === modelFile || frame.file.startsWith(userDir + path.sep)) return frame;
  if (frame.file === realPath(modelFile)) return { ...frame, file: modelFile };
  const realDir = realPath(userDir);
  if (realDir !== userDir && frame.file.startsWith(realDir + path.sep))
    return { ...frame, file: path.join(userDir, path.relative(realDir, frame.file)) };
  return frame;
}

/**
 * The first stack frame in the model file, else in any of the user's own source files
 * (beside the model file, outside node_modules).
 */
export function locateInUserCode(
  stack: string | undefined,
  modelFile: string,
  userDir: string,
): SourceLocation | undefined {
  const frames = stackLocations(stack).map((frame) => asOpened(frame, modelFile, userDir));
  return (
    frames.find((frame) => frame.file === modelFile) ??
    frames.find((frame) => frame.file.startsWith(userDir) && !frame.file.includes('node_modules'))
  );
}

const BUILT_IN_PROTOTYPES: [string, object][] = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
];

/** Enumerable properties added to built-in prototypes (e.g. `Object.prototype.extra = …`). */
export function prototypePollution(): string[] {
  return BUILT_IN_PROTOTYPES.flatMap(([name, prototype]) => Object.keys(prototype).map((key) => `${name}.${key}`));
}

/**
 * TensorFlow.js walks plain objects and arrays with `for…in`; an enumerable property added to a
 * built-in prototype turns up there and breaks it far from where it was added, with a stack that
 * points at whatever line of the model file called TensorFlow.js last. Say what really went wrong.
 */
function pollutionError(polluted: string[], message: string, stack: string | undefined): TrainerError {
  return {
    kind: 'model',
    message: `The model file (or a package it loads) added enumerable ${polluted.join(', ')}; TensorFlow.js reads objects with for…in and failed: ${message}`,
    hint: 'Add such properties with Object.defineProperty(…, { enumerable: false }), or leave built-in prototypes alone.',
    ...(stack && { stack: stack.slice(0, 16_000) }),
  };
}

export function toTrainerError(error: unknown, modelFile: string, userDir: string): TrainerError {
  const polluted = prototypePollution();
  if (polluted.length > 0 && !(error instanceof TrainerFailure && error.kind === 'build')) {
    const err = error instanceof Error ? error : new Error(String(error));
    return pollutionError(polluted, err.message, err.stack);
  }
  if (error instanceof TrainerFailure) {
    return {
      kind: error.kind,
      message: error.message,
      ...(error.location && { location: error.location }),
      ...(error.hint && { hint: error.hint }),
    };
  }
  const err = error instanceof Error ? error : new Error(String(error));
  if (isDiskFull(error)) {
    const message = err.message.startsWith('The disk is full') ? err.message : `The disk is full: ${err.message}`;
    return { kind: 'process', message, hint: DISK_FULL_HINT };
  }
  const location = locateInUserCode(err.stack, modelFile, userDir);
  return {
    kind: location ? 'model' : 'internal',
    message: err.message,
    ...(location && { location }),
    ...(err.stack && { stack: err.stack.slice(0, 16_000) }),
  };
}

export function formatLocation(location: SourceLocation, relativeTo?: (file: string) => string): string {
  const file = relativeTo ? relativeTo(location.file) : location.file;
  return `${file}:${location.line}:${location.column}`;
}
