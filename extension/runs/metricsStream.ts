/**
 * Reads `metrics.jsonl` line by line in fixed-size chunks, so a run of any size is read with
 * bounded memory: never the whole file as one string (V8 caps a string near 512 MB, and a run
 * past that would read as empty). A last line without its newline (a run still being written,
 * or torn by a crash) is passed on like the others; the reader's parse decides about it.
 * Lines come as text, or as bytes for a reader that looks at most lines without decoding them.
 */
import * as fs from 'node:fs';

const CHUNK_BYTES = 1 << 20;
/** A longer line is not a record any writer produces: it is skipped without being held in memory. */
export const MAX_LINE_BYTES = 64 << 20;
const NEWLINE = 0x0a;

/** Called with each non-empty line's text and its 1-based line number; `undefined` text: a line too long to hold. */
export type LineSink = (text: string | undefined, lineNumber: number) => void;

/**
 * Called with each non-empty line as `bytes[start, end)` (no newline), its 1-based line number and
 * the file offset it starts at; `bytes` undefined: a line too long to hold. The bytes are valid
 * only during the call (the buffer is reused for the next read).
 */
export type ByteLineSink = (
  bytes: Buffer | undefined,
  start: number,
  end: number,
  lineNumber: number,
  position: number,
) => void;

/** Splits chunks of bytes into lines, carrying a partial line over to the next chunk. */
export class LineSplitter {
  private carry: Buffer[] = [];
  private carryBytes = 0;
  private carryPosition = 0;
  private overlong = false;
  private lineNumber = 0;

  constructor(
    private readonly sink: ByteLineSink,
    private readonly maxLineBytes = MAX_LINE_BYTES,
  ) {}

  /** `chunk` holds the file's bytes from offset `position` on. */
  push(chunk: Buffer, position = 0): void {
    let start = 0;
    for (let newline = chunk.indexOf(NEWLINE, start); newline >= 0; newline = chunk.indexOf(NEWLINE, start)) {
      this.emit(chunk, start, newline, position + start);
      start = newline + 1;
    }
    if (start < chunk.length) this.keep(chunk.subarray(start), position + start);
  }

  /** The last line, when the file does not end with a newline. */
  end(): void {
    if (this.carryBytes > 0 || this.overlong) this.emit(Buffer.alloc(0), 0, 0, this.carryPosition);
  }

  private keep(rest: Buffer, position: number): void {
    if (this.overlong) return;
    if (this.carryBytes + rest.length > this.maxLineBytes) {
      this.overlong = true;
      this.carry = [];
      this.carryBytes = 0;
      return;
    }
    if (this.carryBytes === 0) this.carryPosition = position;
    // Copied: the chunk's buffer is reused for the next read.
    this.carry.push(Buffer.from(rest));
    this.carryBytes += rest.length;
  }

  private emit(chunk: Buffer, start: number, end: number, position: number): void {
    this.lineNumber++;
    if (this.overlong) {
      this.overlong = false;
      this.sink(undefined, 0, 0, this.lineNumber, this.carryPosition);
      return;
    }
    if (this.carryBytes === 0) {
      if (end > start) this.sink(chunk, start, end, this.lineNumber, position);
      return;
    }
    this.carry.push(chunk.subarray(start, end));
    const whole = Buffer.concat(this.carry);
    this.carry = [];
    this.carryBytes = 0;
    this.sink(whole, 0, whole.length, this.lineNumber, this.carryPosition);
  }
}

/** The text of each line, whitespace-only lines left out, for a sink that parses every line. */
export function textLines(sink: LineSink): ByteLineSink {
  return (bytes, start, end, lineNumber) => {
    if (bytes === undefined) return sink(undefined, lineNumber);
    const text = bytes.toString('utf8', start, end);
    if (text.trim() !== '') sink(text, lineNumber);
  };
}

interface ReadRequest {
  position: number;
  length: number;
}

/**
 * The read loop, written once for the blocking and the non-blocking reader: it yields where to
 * read next (up to `to`) and is given the bytes that read returned (none at the end of the file).
 */
function* splitLines(sink: ByteLineSink, from: number, to: number): Generator<ReadRequest, void, Buffer> {
  const splitter = new LineSplitter(sink);
  for (let position = from; position < to;) {
    const bytes = yield { position, length: Math.min(CHUNK_BYTES, to - position) };
    if (bytes.length === 0) break;
    splitter.push(bytes, position);
    position += bytes.length;
  }
  splitter.end();
}

/** Reads every line of `file` from byte `from` up to byte `to`, synchronously. A missing file has no lines. */
export function readLineBytesSync(file: string, sink: ByteLineSink, from = 0, to = Infinity): void {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return;
  }
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    const loop = splitLines(sink, from, to);
    for (let next = loop.next(); !next.done;) {
      const { position, length } = next.value;
      next = loop.next(buffer.subarray(0, fs.readSync(fd, buffer, 0, length, position)));
    }
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Reads every line of `file` from byte `from` up to byte `to` without blocking: the event loop
 * runs between chunks, and the next chunk is read while this one is split (two buffers in turn).
 */
export async function readLineBytes(file: string, sink: ByteLineSink, from = 0, to = Infinity): Promise<void> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, 'r');
  } catch {
    return;
  }
  const opened = handle;
  const buffers = [Buffer.allocUnsafe(CHUNK_BYTES), Buffer.allocUnsafe(CHUNK_BYTES)] as const;
  const readAt = (turn: 0 | 1, position: number): { position: number; bytes: Promise<Buffer> } => ({
    position,
    bytes: opened
      .read(buffers[turn], 0, CHUNK_BYTES, position)
      .then(({ bytesRead }) => buffers[turn].subarray(0, bytesRead)),
  });
  let ahead: { position: number; bytes: Promise<Buffer> } | undefined;
  try {
    const loop = splitLines(sink, from, to);
    let turn: 0 | 1 = 0;
    for (let next = loop.next(); !next.done;) {
      const { position, length } = next.value;
      // The loop asks for the bytes right after the last ones: what `ahead` is reading (but the first time).
      const read = ahead?.position === position ? ahead : readAt(turn, position);
      ahead = undefined;
      const bytes = (await read.bytes).subarray(0, length);
      turn = turn === 0 ? 1 : 0;
      const following = position + bytes.length;
      if (bytes.length > 0 && following < to) ahead = readAt(turn, following);
      next = loop.next(bytes);
    }
  } finally {
    await ahead?.bytes.catch(() => undefined);
    await handle.close();
  }
}

/** Reads every line's text of `file` from byte `from`, synchronously. A missing file has no lines. */
export function readLinesSync(file: string, sink: LineSink, from = 0): void {
  readLineBytesSync(file, textLines(sink), from);
}

/** Reads every line's text of `file` from byte `from` up to byte `to` without blocking. */
export async function readLines(file: string, sink: LineSink, from = 0, to = Infinity): Promise<void> {
  await readLineBytes(file, textLines(sink), from, to);
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
