/**
 * The line reader every run reader stands on: lines cut anywhere by chunk boundaries come out whole,
 * numbered and placed at their file offset; the blocking and the non-blocking reader agree, also
 * between byte limits; a line longer than the bound is passed on as "too long", not held.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { LineSplitter, readLineBytes, readLineBytesSync, type ByteLineSink } from '../../extension/runs/metricsStream';

type Seen = [text: string | undefined, lineNumber: number, position: number];

function collector(): { seen: Seen[]; sink: ByteLineSink } {
  const seen: Seen[] = [];
  return {
    seen,
    sink: (bytes, start, end, lineNumber, position) =>
      seen.push([bytes?.toString('utf8', start, end), lineNumber, position]),
  };
}

const TEXT = '{"a":1}\n\n{"b":"λ→∞ 🎉"}\r\n   \n{"c":3}\n{"torn":';
const BYTES = Buffer.from(TEXT);

/** What a reader must see in TEXT: every non-empty line with its number and offset. */
function expected(from = 0, to = BYTES.length): Seen[] {
  const lines: Seen[] = [];
  let start = from;
  let lineNumber = 0;
  while (start < to) {
    const newline = BYTES.indexOf(0x0a, start);
    const end = newline >= 0 && newline < to ? newline : to;
    lineNumber++;
    if (end > start) lines.push([BYTES.toString('utf8', start, end), lineNumber, start]);
    start = end + 1;
  }
  return lines;
}

describe('metrics line reader', () => {
  it('gives whole lines with their numbers and offsets, however the chunks cut them', () => {
    for (let size = 1; size <= BYTES.length; size++) {
      const { seen, sink } = collector();
      const splitter = new LineSplitter(sink);
      for (let at = 0; at < BYTES.length; at += size) splitter.push(BYTES.subarray(at, at + size), at);
      splitter.end();
      assert.deepEqual(seen, expected(), `chunks of ${size} bytes`);
    }
  });

  it('reads a file the same way blocking and not, from and up to a byte', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tensorscope-lines-')), 'metrics.jsonl');
    fs.writeFileSync(file, BYTES);
    const from = BYTES.indexOf('{"b"');
    const to = BYTES.indexOf('{"torn"');
    for (const [start, end] of [
      [0, Infinity],
      [from, to],
    ] as const) {
      const blocking = collector();
      readLineBytesSync(file, blocking.sink, start, end);
      const nonBlocking = collector();
      await readLineBytes(file, nonBlocking.sink, start, end);
      assert.deepEqual(blocking.seen, expected(start, Math.min(end, BYTES.length)));
      assert.deepEqual(nonBlocking.seen, blocking.seen);
    }
    const missing = collector();
    await readLineBytes(path.join(path.dirname(file), 'none.jsonl'), missing.sink);
    assert.deepEqual(missing.seen, []);
  });

  it('passes a line longer than the bound on as too long, without holding it, and goes on', () => {
    const { seen, sink } = collector();
    const splitter = new LineSplitter(sink, 16);
    const text = Buffer.from(`{"short":1}\n${'x'.repeat(40)}\n{"after":2}\n${'y'.repeat(40)}`);
    for (let at = 0; at < text.length; at += 5) splitter.push(text.subarray(at, at + 5), at);
    splitter.end();
    assert.deepEqual(
      seen.map(([line, lineNumber]) => [line, lineNumber]),
      [
        ['{"short":1}', 1],
        [undefined, 2],
        ['{"after":2}', 3],
        [undefined, 4],
      ],
    );
  });
});
