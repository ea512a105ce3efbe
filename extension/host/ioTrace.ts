/**
 * For the e2e suite only: with TENSORSCOPE_IO_TRACE=<file> in the extension host's environment,
 * every node:fs and node:child_process call this extension makes is appended to <file>
 * ("readdirSync /ws/.tensorscope/runs", "child_process.spawn git"), from the moment the bundle
 * loads, and `activate` adds a marker line. The suite opens a plain TypeScript workspace and reads
 * the file to check that activation touched no file and started no process. Without the variable
 * nothing is patched.
 *
 * The extension host runs other extensions too, so a call counts as ours when this bundle's file is
 * on the calling stack. Calls through `vscode.workspace.fs` are not seen; the host uses node:fs.
 */
import childProcess from 'node:child_process';
import fs from 'node:fs';

export const IO_TRACE_ENV = 'TENSORSCOPE_IO_TRACE';
/** Marker lines start with this; every other line is one fs call. */
export const IO_TRACE_MARKER = '# ';

type AnyFunction = (...args: unknown[]) => unknown;

const traceFile = process.env[IO_TRACE_ENV];
const appendFileSync = fs.appendFileSync;
/**
 * fs calls fs (readFileSync opens, reads and closes; appending to the trace writes): only the
 * outermost call is recorded, and the trace's own writes never.
 */
let depth = 0;

function appendLine(file: string, line: string): void {
  depth++;
  try {
    appendFileSync(file, line);
  } finally {
    depth--;
  }
}

function describeArgument(argument: unknown): string {
  if (typeof argument === 'string' || typeof argument === 'number') return String(argument);
  if (argument instanceof URL) return argument.href;
  return typeof argument;
}

/** Whether `ownFile` is on the stack below `wrapper` (the wrapper itself lives in the same bundle). */
function calledFrom(ownFile: string, wrapper: AnyFunction): boolean {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = Infinity;
  Error.captureStackTrace(holder, wrapper);
  Error.stackTraceLimit = limit;
  return holder.stack?.includes(ownFile) ?? false;
}

/** Wraps every function of `target` (fs, fs.promises, child_process) to record the calls made from `ownFile`. */
function patch(target: Record<string, unknown>, prefix: string, file: string, ownFile: string): void {
  for (const [name, original] of Object.entries(target)) {
    if (typeof original !== 'function' || /^[A-Z]/.test(name)) continue;
    const wrapper = function (this: unknown, ...args: unknown[]): unknown {
      depth++;
      try {
        if (depth === 1 && calledFrom(ownFile, wrapper))
          appendLine(file, `${prefix}${name} ${describeArgument(args[0])}\n`);
        return (original as AnyFunction).apply(this, args);
      } finally {
        depth--;
      }
    };
    // util.promisify's custom forms (fs.exists, child_process.exec) ride on symbol keys: keep them,
    // or other extensions in the host would promisify the wrapper differently.
    for (const key of Object.getOwnPropertySymbols(original))
      Object.defineProperty(wrapper, key, Object.getOwnPropertyDescriptor(original, key) as PropertyDescriptor);
    target[name] = wrapper;
  }
}

if (traceFile) {
  appendLine(traceFile, `${IO_TRACE_MARKER}loaded ${__filename}\n`);
  patch(fs.promises as unknown as Record<string, unknown>, 'promises.', traceFile, __filename);
  patch(fs as unknown as Record<string, unknown>, '', traceFile, __filename);
  patch(childProcess as unknown as Record<string, unknown>, 'child_process.', traceFile, __filename);
}

/** Writes a marker line (e.g. "activate") into the trace, when tracing. */
export function traceMarker(text: string): void {
  if (traceFile) appendLine(traceFile, `${IO_TRACE_MARKER}${text}\n`);
}
