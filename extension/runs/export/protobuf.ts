/**
 * The few protocol-buffer encodings the TensorBoard event format needs, by hand: varints,
 * doubles, floats, strings, nested messages and packed doubles. Fields are written in the
 * order given; zero-valued optional fields may be left out by the caller.
 */
const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_BYTES = 2;
const WIRE_FIXED32 = 5;

export type Field = Uint8Array;

function varint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return bytes;
}

function key(fieldNumber: number, wireType: number): number[] {
  return varint(fieldNumber * 8 + wireType);
}

function withKey(fieldNumber: number, wireType: number, payload: Uint8Array): Field {
  const head = key(fieldNumber, wireType);
  const out = new Uint8Array(head.length + payload.length);
  out.set(head, 0);
  out.set(payload, head.length);
  return out;
}

function doubles(values: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(8 * values.length);
  const view = new DataView(bytes.buffer);
  values.forEach((value, i) => view.setFloat64(8 * i, value, true));
  return bytes;
}

/** A non-negative safe integer (int64/uint64 fields). */
export function uint64Field(fieldNumber: number, value: number): Field {
  return withKey(fieldNumber, WIRE_VARINT, Uint8Array.from(varint(Math.max(0, Math.floor(value)))));
}

export function doubleField(fieldNumber: number, value: number): Field {
  return withKey(fieldNumber, WIRE_FIXED64, doubles([value]));
}

export function floatField(fieldNumber: number, value: number): Field {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setFloat32(0, value, true);
  return withKey(fieldNumber, WIRE_FIXED32, bytes);
}

export function bytesField(fieldNumber: number, payload: Uint8Array): Field {
  return withKey(fieldNumber, WIRE_BYTES, concat([Uint8Array.from(varint(payload.length)), payload]));
}

export function stringField(fieldNumber: number, value: string): Field {
  return bytesField(fieldNumber, new TextEncoder().encode(value));
}

export function packedDoublesField(fieldNumber: number, values: readonly number[]): Field {
  return bytesField(fieldNumber, doubles(values));
}

export function message(fields: readonly Field[]): Uint8Array {
  return concat(fields);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
