/** The stack frames of a layer's construction that lie in the user's own code, innermost first. */
import * as path from 'node:path';
import type { SourceLocation } from '../../protocol/model';

export interface UserFrame {
  readonly location: SourceLocation;
  /** The function the frame runs in, as V8 names it (`residualBlock`, `Object.block`); none for anonymous code. */
  readonly functionName?: string;
}

/** `at name (/path/file.ts:12:5)`, `at async name (…)`, `at new Name (…)` or `at /path/file.ts:12:5`. */
const FRAME = /^at (?:async )?(?:new )?(?:(.+?) \()?((?:file:\/\/)?[^\s()]+?):(\d+):(\d+)\)?$/;

function parseFrame(line: string): UserFrame | undefined {
  const match = FRAME.exec(line.trim());
  if (!match?.[2]) return undefined;
  const file = match[2].replace(/^file:\/\//, '');
  const name = match[1]?.replace(/^Object\./, '').replace(/ \[as [^\]]+\]$/, '');
  return {
    location: { file, line: Number(match[3]), column: Number(match[4]) },
    ...(name && name !== '<anonymous>' && { functionName: name }),
  };
}

/**
 * A file of the user's: the model file, or one in its folder, outside node_modules, and not
 * Tensorscope's own code (which may sit in that folder too).
 */
export function isUserFile(file: string, modelFile: string, userDir: string): boolean {
  const inUserDir = file === modelFile || file.startsWith(userDir + path.sep);
  return inUserDir && file !== __filename && !file.includes(`${path.sep}node_modules${path.sep}`);
}

/** Frames in the user's own files (see `isUserFile`), innermost first. */
export function userFrames(stack: string | undefined, modelFile: string, userDir: string): UserFrame[] {
  if (!stack) return [];
  return stack
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .flatMap((line) => parseFrame(line) ?? [])
    .filter((frame) => isUserFile(frame.location.file, modelFile, userDir));
}
