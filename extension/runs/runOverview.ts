/**
 * What a view needs of a run too big to parse whole in the time a person waits for a panel. One
 * pass over the bytes of `metrics.jsonl` reads each line's record type where the writer puts it
 * (`{"type":"batch",…`) without decoding the line: batch lines feed a uniform sample (only the
 * lines it keeps are decoded, the same sample a whole read keeps); epoch and control lines are
 * parsed, every one; of the layer statistics, probes, data and layers lines only where the newest
 * are is noted, and those are read back and parsed at the end. A line that does not look like a
 * record (garbage, a torn line, another key order) is parsed to find out, so older formats read
 * and garbage is counted with its line number. A malformed value inside a well-formed batch or
 * layer line is found only in the lines the overview decodes. A run under `FULL_READ_BYTES` is
 * simply read whole (streamed).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseObjectLine, readLineBytes } from './metricsStream';
import { METRICS_FILE } from './runFiles';
import { RunAccumulator, VIEW_LIMITS, folderFacts, readRunAsync, readRunInfo, type RunContents } from './runReader';
import { NewestLines, plainRecordType, type LinePlace } from './recordTypeScan';
import { StrideSample } from './strideSample';

export const FULL_READ_BYTES = 64 << 20;

export interface ViewReadOptions {
  /** Read whole up to this size (a parameter for tests). */
  fullReadBytes?: number;
  /** Only the metrics written before this byte (a resumed run's records before its trainer went on). */
  upTo?: number;
}

/** A run for a view: whole when small, else its overview; undefined when the folder has no readable run. */
export async function readRunForView(runDir: string, options: ViewReadOptions = {}): Promise<RunContents | undefined> {
  const file = path.join(runDir, METRICS_FILE);
  let size = 0;
  try {
    size = (await fs.promises.stat(file)).size;
  } catch {
    // no metrics yet
  }
  const upTo = Math.min(size, options.upTo ?? Infinity);
  return upTo <= (options.fullReadBytes ?? FULL_READ_BYTES)
    ? readRunAsync(runDir, VIEW_LIMITS, upTo)
    : readRunOverview(runDir, file, upTo);
}

/** A batch line the sample keeps: its text (decoded when kept) or its record (parsed to check it). */
interface KeptBatch {
  lineNumber: number;
  text?: string;
  record?: Record<string, unknown>;
}

function isNewestType<T extends object>(type: unknown, newest: T): type is keyof T {
  return typeof type === 'string' && Object.hasOwn(newest, type);
}

/** The overview's single pass: what it keeps of each line, by the line's record type. */
class OverviewPass {
  readonly accumulator = new RunAccumulator({ ...VIEW_LIMITS, batches: Infinity });
  readonly batches = new StrideSample<KeptBatch>(VIEW_LIMITS.batches);
  /** Where the newest batch line is (a sample ends with it); `lineNumber` 0: none yet. */
  readonly newestBatch: LinePlace = { position: 0, length: 0, lineNumber: 0 };
  /** Of these, only the newest lines' places are kept; they are read back at the end. */
  readonly newest = {
    layer_stats: new NewestLines(VIEW_LIMITS.layerStats),
    probe: new NewestLines(VIEW_LIMITS.probes),
    layers: new NewestLines(1),
    data: new NewestLines(1),
  };
  readonly line = (bytes: Buffer | undefined, start: number, end: number, lineNumber: number, position: number) => {
    if (bytes === undefined) return this.accumulator.skip(lineNumber);
    const type = plainRecordType(bytes, start, end);
    if (type === 'batch') {
      this.noteNewestBatch(position, end - start, lineNumber);
      if (!this.batches.keepsNext) return this.batches.pass();
      this.batches.push({ lineNumber, text: bytes.toString('utf8', start, end) });
    } else if (type === undefined) this.parsedLine(bytes.toString('utf8', start, end), lineNumber, position);
    else if (isNewestType(type, this.newest)) this.newest[type].add(position, end - start, lineNumber);
    else if (type === 'epoch' || type === 'control')
      this.add(parseObjectLine(bytes.toString('utf8', start, end)), lineNumber);
    // other types (evaluations, later versions' records) are not part of a view
  };

  /** A line that does not look like a record as the writer writes it: parsed to see what it is. */
  private parsedLine(text: string, lineNumber: number, position: number): void {
    if (text.trim() === '') return;
    const record = parseObjectLine(text);
    const length = Buffer.byteLength(text);
    if (record?.type === 'batch') {
      this.noteNewestBatch(position, length, lineNumber);
      if (this.batches.keepsNext) this.batches.push({ lineNumber, record });
      else this.batches.pass();
    } else if (isNewestType(record?.type, this.newest)) this.newest[record.type].add(position, length, lineNumber);
    else this.add(record, lineNumber);
  }

  /** Without an object per batch line: there are millions. */
  private noteNewestBatch(position: number, length: number, lineNumber: number): void {
    this.newestBatch.position = position;
    this.newestBatch.length = length;
    this.newestBatch.lineNumber = lineNumber;
  }

  add(record: Record<string, unknown> | undefined, lineNumber: number): void {
    if (record === undefined || !this.accumulator.add(record)) this.accumulator.skip(lineNumber);
  }
}

async function readRunOverview(runDir: string, file: string, upTo: number): Promise<RunContents | undefined> {
  const info = readRunInfo(runDir);
  if (!info) return undefined;
  const pass = new OverviewPass();
  await readLineBytes(file, pass.line, 0, upTo);
  const handle = await fs.promises.open(file, 'r');
  try {
    const kept = pass.batches.values();
    const newest = pass.newestBatch;
    for (const batch of kept) pass.add(batch.record ?? parseObjectLine(batch.text), batch.lineNumber);
    if (newest.lineNumber > 0 && kept.at(-1)?.lineNumber !== newest.lineNumber)
      pass.add(parseObjectLine(await readLineAt(handle, newest)), newest.lineNumber);
    for (const lines of Object.values(pass.newest)) {
      for (const place of lines.places()) pass.add(parseObjectLine(await readLineAt(handle, place)), place.lineNumber);
    }
  } finally {
    await handle.close();
  }
  return { ...pass.accumulator.contents(info), ...folderFacts(runDir, info) };
}

async function readLineAt(handle: fs.promises.FileHandle, place: LinePlace): Promise<string> {
  const bytes = Buffer.allocUnsafe(place.length);
  const { bytesRead } = await handle.read(bytes, 0, place.length, place.position);
  return bytes.toString('utf8', 0, bytesRead);
}
