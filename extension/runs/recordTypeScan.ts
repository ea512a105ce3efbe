/**
 * The record type of a metrics line read from its bytes, without decoding or parsing the line:
 * the writer starts every line with `{"type":"<type>"` and ends it with `}`. Only a line of that
 * shape gets a type here; any other (garbage, a line torn and continued by a later append,
 * whitespace, another writer's key order) is the caller's to parse.
 */
const PREFIX = Buffer.from('{"type":"');
const QUOTE = 0x22;
const COMMA = 0x2c;
const CLOSE = 0x7d;
const SPACE = 0x20;
const TAB = 0x09;
const RETURN = 0x0d;

const TYPES = ['batch', 'epoch', 'layer_stats', 'layers', 'probe', 'control', 'data'] as const;
export type ScannedType = (typeof TYPES)[number];
/** The type of a line of the record shape whose type none of this version's readers know. */
export const OTHER_TYPE = '';

const TYPE_BYTES = TYPES.map((type) => ({ type, bytes: Buffer.from(type) }));

function startsWith(bytes: Buffer, at: number, end: number, expected: Uint8Array): boolean {
  if (end - at < expected.length) return false;
  for (let i = 0; i < expected.length; i++) if (bytes[at + i] !== expected[i]) return false;
  return true;
}

function endsWithClose(bytes: Buffer, start: number, end: number): boolean {
  let last = end - 1;
  while (last > start && (bytes[last] === SPACE || bytes[last] === RETURN || bytes[last] === TAB)) last--;
  return bytes[last] === CLOSE;
}

/** The type of the line `bytes[start, end)` when it has the writer's shape, else undefined. */
export function plainRecordType(
  bytes: Buffer,
  start: number,
  end: number,
): ScannedType | typeof OTHER_TYPE | undefined {
  if (!startsWith(bytes, start, end, PREFIX) || !endsWithClose(bytes, start, end)) return undefined;
  const nameStart = start + PREFIX.length;
  let nameEnd = nameStart;
  while (nameEnd < end && bytes[nameEnd] !== QUOTE) nameEnd++;
  const after = bytes[nameEnd + 1];
  if (nameEnd >= end || (after !== COMMA && after !== CLOSE)) return undefined;
  // A second record start inside the line: a torn line continued by the next append.
  const next = bytes.indexOf(PREFIX, nameEnd);
  if (next >= 0 && next < end) return undefined;
  const length = nameEnd - nameStart;
  for (const { type, bytes: name } of TYPE_BYTES) {
    if (name.length === length && startsWith(bytes, nameStart, nameEnd, name)) return type;
  }
  return OTHER_TYPE;
}

/** Where a line is in the file, to read it back. */
export interface LinePlace {
  position: number;
  length: number;
  lineNumber: number;
}

/** The places of the newest `capacity` lines noted, oldest first. */
export class NewestLines {
  private readonly ring: LinePlace[] = [];
  private next = 0;

  constructor(private readonly capacity: number) {}

  add(position: number, length: number, lineNumber: number): void {
    const place = { position, length, lineNumber };
    if (this.ring.length < this.capacity) this.ring.push(place);
    else this.ring[this.next] = place;
    this.next = (this.next + 1) % this.capacity;
  }

  places(): LinePlace[] {
    return this.ring.length < this.capacity
      ? this.ring.slice()
      : [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
  }
}
