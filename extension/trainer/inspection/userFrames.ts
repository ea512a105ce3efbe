/** The stack frames of a layer's construction that lie in the user's own code, innermost first. */
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

function isUserFile(file: string, modelFile: string, userDir: string): boolean {
  return file === modelFile || (file.startsWith(userDir) && !file.includes('node_modules'));
}

/** Frames in the model file or the user's other files beside it (outside node_modules), innermost first. */
export function userFrames(stack: string | undefined, modelFile: string, userDir: string): UserFrame[] {
  if (!stack) return [];
  return stack
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .flatMap((line) => parseFrame(line) ?? [])
    .filter((frame) => isUserFile(frame.location.file, modelFile, userDir));
}
