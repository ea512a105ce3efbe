import type { ErrorKind, SourceLocation, TrainerError } from '../protocol/model';
import { DISK_FULL_HINT, isDiskFull } from '../runs/diskFull';

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

/** Parses `at fn (/path/file.ts:12:5)` and `at /path/file.ts:12:5` stack frames. */
const FRAME = /\(?((?:file:\/\/)?[^\s()]+?):(\d+):(\d+)\)?$/;

export function stackLocations(stack: string | undefined): SourceLocation[] {
  if (!stack) return [];
  const locations: SourceLocation[] = [];
  for (const line of stack.split('\n')) {
    if (!line.trimStart().startsWith('at ')) continue;
    const match = FRAME.exec(line.trim());
    if (!match?.[1]) continue;
    const file = match[1].replace(/^file:\/\//, '');
    locations.push({ file, line: Number(match[2]), column: Number(match[3]) });
  }
  return locations;
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
  const frames = stackLocations(stack);
  return (
    frames.find((frame) => frame.file === modelFile) ??
    frames.find((frame) => frame.file.startsWith(userDir) && !frame.file.includes('node_modules'))
  );
}

export function toTrainerError(error: unknown, modelFile: string, userDir: string): TrainerError {
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
