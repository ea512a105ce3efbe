/** The stack frames of a layer's construction that lie in the user's own code, innermost first. */
import * as path from 'node:path';
import type { SourceLocation } from '../../protocol/model';
import { asOpened } from '../failure';
import { parseStackFrame } from '../stackFrame';

export interface UserFrame {
  readonly location: SourceLocation;
  /** The function the frame runs in, as V8 names it (`residualBlock`, `Object.block`); none for anonymous code. */
  readonly functionName?: string;
}

function parseFrame(line: string): UserFrame | undefined {
  const frame = parseStackFrame(line);
  if (!frame) return undefined;
  const name = frame.functionName?.replace(/^Object\./, '').replace(/ \[as [^\]]+\]$/, '');
  return { location: frame.location, ...(name && name !== '<anonymous>' && { functionName: name }) };
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
    .flatMap((line) => parseFrame(line) ?? [])
    .map((frame) => ({ ...frame, location: asOpened(frame.location, modelFile, userDir) }))
    .filter((frame) => isUserFile(frame.location.file, modelFile, userDir));
}
