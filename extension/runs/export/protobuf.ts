/**
 * The few protocol-buffer encodings the TensorBoard event format needs, by hand, written in place
 * into a caller's buffer (an export encodes millions of small messages; building each from pieces
 * was most of its time). Each `put` writes at an offset and returns the offset after what it
 * wrote; the `…Length` functions say beforehand how many bytes a field takes, as length-delimited
 * fields must be preceded by their length. Field numbers are below 16 (one-byte keys).
 */
const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_BYTES = 2;
const WIRE_FIXED32 = 5;

export const DOUBLE_FIELD_LENGTH = 9;
export const FLOAT_FIELD_LENGTH = 5;

export function varintLength(value: number): number {
  let length = 1;
  for (let rest = value; rest >= 0x80; rest = Math.floor(rest / 0x80)) length++;
  return length;
}

/** int64/uint64 fields hold non-negative safe integers here. */
export const uint64Value = (value: number): number => Math.max(0, Math.floor(value));

export const uint64FieldLength = (value: number): number => 1 + varintLength(uint64Value(value));

/** A length-delimited field (string, bytes, nested message, packed values) with `payloadLength` bytes. */
export const bytesFieldLength = (payloadLength: number): number => 1 + varintLength(payloadLength) + payloadLength;

function putVarint(out: Buffer, at: number, value: number): number {
  let rest = value;
  let offset = at;
  while (rest >= 0x80) {
    out[offset++] = (rest % 0x80) | 0x80;
    rest = Math.floor(rest / 0x80);
  }
  out[offset++] = rest;
  return offset;
}

export function putUint64(out: Buffer, at: number, fieldNumber: number, value: number): number {
  out[at] = (fieldNumber << 3) | WIRE_VARINT;
  return putVarint(out, at + 1, uint64Value(value));
}

export function putDouble(out: Buffer, at: number, fieldNumber: number, value: number): number {
  out[at] = (fieldNumber << 3) | WIRE_FIXED64;
  return out.writeDoubleLE(value, at + 1);
}

export function putFloat(out: Buffer, at: number, fieldNumber: number, value: number): number {
  out[at] = (fieldNumber << 3) | WIRE_FIXED32;
  return out.writeFloatLE(value, at + 1);
}

/** The key and length of a length-delimited field; its `payloadLength` bytes follow, the caller's to write. */
export function putBytesHead(out: Buffer, at: number, fieldNumber: number, payloadLength: number): number {
  out[at] = (fieldNumber << 3) | WIRE_BYTES;
  return putVarint(out, at + 1, payloadLength);
}

export function putBytes(out: Buffer, at: number, fieldNumber: number, payload: Uint8Array): number {
  const start = putBytesHead(out, at, fieldNumber, payload.length);
  out.set(payload, start);
  return start + payload.length;
}
