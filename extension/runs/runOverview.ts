/**
 * What a view needs of a run too big to read whole in the time a person waits for a panel: the
 * batch curve sampled at evenly spaced byte offsets (the batch lines found there), every epoch,
 * control, layers and data line (found by searching the bytes for their line prefix, without
 * parsing the millions of batch lines in between), and the newest records from the file's tail,
 * parsed whole. A run under `FULL_READ_BYTES` is simply read whole (streamed).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseObjectLine } from './metricsStream';
import { METRICS_FILE } from './runFiles';
import { RunAccumulator, VIEW_LIMITS, folderFacts, readRunAsync, readRunInfo, type RunContents } from './runReader';

export const FULL_READ_BYTES = 64 << 20;
const SAMPLED_BATCHES = 2_000;
const SAMPLE_WINDOW_BYTES = 4 << 10;
const TAIL_BYTES = 2 << 20;
const SCAN_CHUNK_BYTES = 4 << 20;
const NEWLINE = 0x0a;
/** Rare lines a view needs all of, by the prefix the writer starts them with. */
const RARE_PREFIXES = ['{"type":"epoch"', '{"type":"control"', '{"type":"layers"', '{"type":"data"'].map((prefix) =>
  Buffer.from(prefix),
);

/** A run for a view: whole when small, else its overview; undefined when the folder has no readable run. */
export async function readRunForView(
  runDir: string,
  fullReadBytes = FULL_READ_BYTES,
): Promise<RunContents | undefined> {
  const file = path.join(runDir, METRICS_FILE);
  let size = 0;
  try {
    size = (await fs.promises.stat(file)).size;
  } catch {
    // no metrics yet
  }
  return size <= fullReadBytes ? readRunAsync(runDir) : readRunOverview(runDir, file, size);
}

async function readRunOverview(runDir: string, file: string, size: number): Promise<RunContents | undefined> {
  const info = readRunInfo(runDir);
  if (!info) return undefined;
  const sampled = new RunAccumulator(VIEW_LIMITS);
  const handle = await fs.promises.open(file, 'r');
  try {
    const tail = await readTail(handle, size);
    let lastSampledStep = 0;
    for (const line of await sampledBatchLines(handle, tail.start)) {
      if (sampled.add(line)) lastSampledStep = Number(line.step);
    }
    for (const line of await rareLines(handle, tail.start)) sampled.add(line);
    for (const line of tail.lines) {
      // The tail's batches continue the sample at full resolution.
      if (line.type === 'batch' && Number(line.step) <= lastSampledStep) continue;
      sampled.add(line);
    }
  } finally {
    await handle.close();
  }
  return { ...sampled.contents(info), ...folderFacts(runDir, info) };
}

/** The complete lines in `bytes`, after its first newline unless it starts the file. */
function linesIn(bytes: Buffer, startsFile: boolean): Buffer[] {
  const lines: Buffer[] = [];
  let start = startsFile ? 0 : bytes.indexOf(NEWLINE) + 1;
  if (start === 0 && !startsFile) return lines;
  for (let end = bytes.indexOf(NEWLINE, start); end >= 0; end = bytes.indexOf(NEWLINE, start)) {
    lines.push(bytes.subarray(start, end));
    start = end + 1;
  }
  return lines;
}

const BATCH_PREFIX = Buffer.from('{"type":"batch"');

async function sampledBatchLines(handle: fs.promises.FileHandle, end: number): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  const window = Buffer.allocUnsafe(SAMPLE_WINDOW_BYTES);
  for (let i = 0; i < SAMPLED_BATCHES; i++) {
    const offset = Math.floor((i * end) / SAMPLED_BATCHES);
    const { bytesRead } = await handle.read(window, 0, Math.min(window.length, end - offset), offset);
    const batch = linesIn(window.subarray(0, bytesRead), offset === 0).find((line) =>
      line.subarray(0, BATCH_PREFIX.length).equals(BATCH_PREFIX),
    );
    const parsed = batch && parseObjectLine(batch.toString('utf8'));
    if (parsed) found.push(parsed);
  }
  return found;
}

/** Every line before `end` that starts with one of the rare prefixes, in file order. */
async function rareLines(handle: fs.promises.FileHandle, end: number): Promise<Record<string, unknown>[]> {
  const found: { at: number; line: Record<string, unknown> }[] = [];
  const chunk = Buffer.allocUnsafe(SCAN_CHUNK_BYTES);
  for (let position = 0; position < end;) {
    const { bytesRead } = await handle.read(chunk, 0, Math.min(chunk.length, end - position), position);
    if (bytesRead === 0) break;
    const bytes = chunk.subarray(0, bytesRead);
    // Lines cut by the chunk's end are read again from the start of the next chunk.
    const lastNewline = bytes.lastIndexOf(NEWLINE);
    const whole = lastNewline >= 0 && position + bytesRead < end ? bytes.subarray(0, lastNewline + 1) : bytes;
    for (const prefix of RARE_PREFIXES) {
      for (let at = whole.indexOf(prefix); at >= 0; at = whole.indexOf(prefix, at + 1)) {
        if (at > 0 && whole[at - 1] !== NEWLINE) continue;
        if (at === 0 && position > 0 && !(await precededByNewline(handle, position))) continue;
        const lineEnd = whole.indexOf(NEWLINE, at);
        const line = parseObjectLine(whole.toString('utf8', at, lineEnd < 0 ? whole.length : lineEnd));
        if (line) found.push({ at: position + at, line });
      }
    }
    position += whole.length > 0 ? whole.length : bytesRead;
  }
  return found.sort((a, b) => a.at - b.at).map(({ line }) => line);
}

async function precededByNewline(handle: fs.promises.FileHandle, position: number): Promise<boolean> {
  const byte = Buffer.alloc(1);
  await handle.read(byte, 0, 1, position - 1);
  return byte[0] === NEWLINE;
}

function parsedOrNone(line: Buffer): Record<string, unknown>[] {
  const parsed = parseObjectLine(line.toString('utf8'));
  return parsed ? [parsed] : [];
}

/** The file's last lines, parsed, from the first line start within its last `TAIL_BYTES`. */
async function readTail(
  handle: fs.promises.FileHandle,
  size: number,
): Promise<{ start: number; lines: Record<string, unknown>[] }> {
  const from = Math.max(0, size - TAIL_BYTES);
  const bytes = Buffer.allocUnsafe(size - from);
  const { bytesRead } = await handle.read(bytes, 0, bytes.length, from);
  const text = bytes.subarray(0, bytesRead);
  const skip = from === 0 ? 0 : text.indexOf(NEWLINE) + 1;
  const lines = linesIn(text.subarray(skip), true);
  const lastNewline = text.lastIndexOf(NEWLINE);
  if (lastNewline < text.length - 1) lines.push(text.subarray(lastNewline + 1));
  return { start: from + skip, lines: lines.flatMap((line) => parsedOrNone(line)) };
}
