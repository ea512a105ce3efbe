/**
 * One line of a V8 stack trace, read into where it points. Paths may hold spaces and
 * parentheses (`/Users/me/My Models (old)/train.js`, `C:\Users\me\My Project\model.ts`), and
 * frames of ES modules name file URLs (`file:///Users/me/My%20Models/train.mjs`). Pure.
 */
import { fileURLToPath } from 'node:url';
import type { SourceLocation } from '../protocol/model';

export interface StackFrame {
  readonly location: SourceLocation;
  /** The function the frame runs in, as V8 names it (`residualBlock`, `Object.<anonymous>`); none for top-level frames without a name. */
  readonly functionName?: string;
}

/**
 * `at name (where:line:col)`, `at async name (…)`, `at new Name (…)`, or `at where:line:col`.
 * The name ends at the first " (" and the location runs to the last ":line:col)": a location
 * may contain both.
 */
const NAMED_FRAME = /^at (?:async )?(?:new )?(.+?) \((.+):(\d+):(\d+)\)$/;
const BARE_FRAME = /^at (?:async )?(.+):(\d+):(\d+)$/;

/** The frame a stack line names, or undefined for lines that name no file position (`at new Promise (<anonymous>)`). */
export function parseStackFrame(line: string): StackFrame | undefined {
  const text = line.trim();
  const named = NAMED_FRAME.exec(text);
  if (named) return frame(named[2], named[3], named[4], named[1]);
  const bare = BARE_FRAME.exec(text);
  return bare ? frame(bare[1], bare[2], bare[3]) : undefined;
}

function frame(where = '', line = '', column = '', functionName?: string): StackFrame | undefined {
  if (!where) return undefined;
  return {
    location: { file: framePath(where), line: Number(line), column: Number(column) },
    ...(functionName && { functionName }),
  };
}

function framePath(where: string): string {
  if (!where.startsWith('file://')) return where;
  try {
    return fileURLToPath(where);
  } catch {
    return where.slice('file://'.length);
  }
}
