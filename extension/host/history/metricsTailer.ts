/**
 * Follows an append-only `metrics.jsonl` by byte offset: each read returns the complete lines
 * written since the last one and leaves a partial last line for the next read. One read takes at
 * most `maxReadBytes` (what is past it comes with the next reads), so following a big file never
 * holds it whole; a line longer than that is skipped and counted. A file that shrank (rewritten or
 * truncated) is read again from the start, and says so.
 */
import * as fs from 'node:fs';
import { parseMetricsLines } from '../../runs/runReader';

export interface TailRead {
  /** The file shrank since the last read: `lines` are the whole file again, not an increment. */
  reset: boolean;
  lines: Record<string, unknown>[];
  /** Complete lines that were not JSON objects. */
  skipped: number;
}

const NEWLINE = 0x0a;
const CHUNK_BYTES = 1024 * 1024;
const MAX_READ_BYTES = 16 << 20;

export class MetricsTailer {
  private position = 0;
  /** Inside a line longer than one read: its bytes are passed over up to its newline. */
  private passingLongLine = false;

  constructor(
    readonly file: string,
    private readonly maxReadBytes = MAX_READ_BYTES,
  ) {}

  /** Bytes consumed so far: everything before it ended in a newline. */
  get offset(): number {
    return this.position;
  }

  /** Moves past the file's complete lines without reading them (a view reads those its own way); returns the offset. */
  skipCompleteLines(): number {
    this.position = completeLinesEnd(this.file, fileSize(this.file));
    return this.position;
  }

  read(): TailRead {
    const size = fileSize(this.file);
    const reset = size < this.position;
    if (reset) {
      this.position = 0;
      this.passingLongLine = false;
    }
    if (size === this.position) return { reset, lines: [], skipped: 0 };
    const end = Math.min(size, this.position + this.maxReadBytes);
    const text = this.readCompleteLines(end);
    const parsed = parseMetricsLines(text);
    if (text === '' && end - this.position === this.maxReadBytes) {
      // A line longer than a read: passed over, counted once.
      if (!this.passingLongLine) parsed.skipped++;
      this.passingLongLine = true;
      this.position = end;
    }
    return { reset, ...parsed };
  }

  /** Reads from the offset up to `size`, keeps the complete lines and advances past them. */
  private readCompleteLines(size: number): string {
    const fd = fs.openSync(this.file, 'r');
    try {
      const chunks: Buffer[] = [];
      let complete = 0;
      for (let at = this.position; at < size;) {
        const chunk = Buffer.alloc(Math.min(CHUNK_BYTES, size - at));
        const got = fs.readSync(fd, chunk, 0, chunk.length, at);
        if (got === 0) break;
        const bytes = chunk.subarray(0, got);
        chunks.push(bytes);
        const newline = bytes.lastIndexOf(NEWLINE);
        if (newline >= 0) complete = at - this.position + newline + 1;
        at += got;
      }
      const bytes = Buffer.concat(chunks).subarray(0, complete);
      this.position += complete;
      if (!this.passingLongLine || complete === 0) return bytes.toString('utf8');
      // The rest of a long line passed over, up to its newline.
      this.passingLongLine = false;
      return bytes.toString('utf8', bytes.indexOf(NEWLINE) + 1);
    } finally {
      fs.closeSync(fd);
    }
  }
}

/** The offset just past the last newline before `size` (0 when there is none). */
function completeLinesEnd(file: string, size: number): number {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return 0;
  }
  try {
    const chunk = Buffer.allocUnsafe(64 * 1024);
    for (let end = size; end > 0; end -= chunk.length) {
      const start = Math.max(0, end - chunk.length);
      const got = fs.readSync(fd, chunk, 0, end - start, start);
      const newline = chunk.subarray(0, got).lastIndexOf(NEWLINE);
      if (newline >= 0) return start + newline + 1;
    }
    return 0;
  } finally {
    fs.closeSync(fd);
  }
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}
