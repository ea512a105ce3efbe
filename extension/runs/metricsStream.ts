/**
 * Reads `metrics.jsonl` line by line in fixed-size chunks, so a run of any size is read with
 * bounded memory: never the whole file as one string (V8 caps a string near 512 MB, and a run
 * past that would read as empty). A last line without its newline (a run still being written,
 * or torn by a crash) is passed on like the others; the reader's parse decides about it.
 */
import * as fs from 'node:fs';

const CHUNK_BYTES = 1 << 20;
/** A longer line is not a record any writer produces: it is skipped without being held in memory. */
export const MAX_LINE_BYTES = 64 << 20;
const NEWLINE = 0x0a;

/** Called with each non-empty line's text and its 1-based line number; `undefined` text: a line too long to hold. */
export type LineSink = (text: string | undefined, lineNumber: number) => void;

/** Splits chunks of bytes into lines, carrying a partial line over to the next chunk. */
export class LineSplitter {
  private carry: Buffer[] = [];
  private carryBytes = 0;
  private overlong = false;
  private lineNumber = 0;

  constructor(private readonly sink: LineSink) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (let newline = chunk.indexOf(NEWLINE, start); newline >= 0; newline = chunk.indexOf(NEWLINE, start)) {
      this.emit(chunk, start, newline);
      start = newline + 1;
    }
    if (start < chunk.length) this.keep(chunk.subarray(start));
  }

  /** The last line, when the file does not end with a newline. */
  end(): void {
    if (this.carryBytes > 0 || this.overlong) this.emit(Buffer.alloc(0), 0, 0);
  }

  private keep(rest: Buffer): void {
    if (this.overlong) return;
    if (this.carryBytes + rest.length > MAX_LINE_BYTES) {
      this.overlong = true;
      this.carry = [];
      this.carryBytes = 0;
      return;
    }
    // Copied: the chunk's buffer is reused for the next read.
    this.carry.push(Buffer.from(rest));
    this.carryBytes += rest.length;
  }

  private emit(chunk: Buffer, start: number, end: number): void {
    this.lineNumber++;
    if (this.overlong) {
      this.overlong = false;
      this.sink(undefined, this.lineNumber);
      return;
    }
    let text: string;
    if (this.carryBytes === 0) {
      if (end === start) return;
      text = chunk.toString('utf8', start, end);
    } else {
      this.carry.push(chunk.subarray(start, end));
      text = Buffer.concat(this.carry).toString('utf8');
      this.carry = [];
      this.carryBytes = 0;
    }
    if (text.trim() !== '') this.sink(text, this.lineNumber);
  }
}

/** Reads every line of `file` from byte `from`, synchronously. A missing file has no lines. */
export function readLinesSync(file: string, sink: LineSink, from = 0): void {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return;
  }
  try {
    const splitter = new LineSplitter(sink);
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (let position = from; ;) {
      const got = fs.readSync(fd, buffer, 0, buffer.length, position);
      if (got === 0) break;
      splitter.push(buffer.subarray(0, got));
      position += got;
    }
    splitter.end();
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads every line of `file` without blocking: the event loop runs between chunks. */
export async function readLines(file: string, sink: LineSink, from = 0): Promise<void> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, 'r');
  } catch {
    return;
  }
  try {
    const splitter = new LineSplitter(sink);
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (let position = from; ;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) break;
      splitter.push(buffer.subarray(0, bytesRead));
      position += bytesRead;
    }
    splitter.end();
  } finally {
    await handle.close();
  }
}

/** A line's JSON object, or undefined when it is not one (garbage, a torn line). */
export function parseObjectLine(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
