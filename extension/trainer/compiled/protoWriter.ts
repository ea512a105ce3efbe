/**
 * A minimal protocol-buffers encoder: just the wire types a SavedModel needs (varints,
 * 32-bit floats, length-delimited bytes and nested messages). Fields are written in the order
 * the caller adds them; unset fields are simply not written, as proto3 expects.
 */

const textEncoder = new TextEncoder();

export class ProtoWriter {
  private readonly chunks: Uint8Array[] = [];
  private length = 0;

  private push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.length += bytes.length;
  }

  private varint(value: number | bigint): void {
    let big = BigInt.asUintN(64, BigInt(value));
    const bytes: number[] = [];
    do {
      let byte = Number(big & 0x7fn);
      big >>= 7n;
      if (big !== 0n) byte |= 0x80;
      bytes.push(byte);
    } while (big !== 0n);
    this.push(Uint8Array.from(bytes));
  }

  private tag(field: number, wireType: 0 | 1 | 2 | 5): void {
    this.varint((field << 3) | wireType);
  }

  /** int32/int64/bool/enum field. */
  int(field: number, value: number | bigint | boolean): this {
    this.tag(field, 0);
    this.varint(typeof value === 'boolean' ? (value ? 1 : 0) : value);
    return this;
  }

  float(field: number, value: number): this {
    this.tag(field, 5);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    this.push(bytes);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, 2);
    this.varint(value.length);
    this.push(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, textEncoder.encode(value));
  }

  message(field: number, build: (writer: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  /** A packed repeated varint field. */
  packedInts(field: number, values: readonly (number | bigint | boolean)[]): this {
    const inner = new ProtoWriter();
    for (const value of values) inner.varint(typeof value === 'boolean' ? (value ? 1 : 0) : value);
    return this.bytes(field, inner.finish());
  }

  packedFloats(field: number, values: readonly number[]): this {
    const bytes = new Uint8Array(values.length * 4);
    const view = new DataView(bytes.buffer);
    values.forEach((value, index) => view.setFloat32(index * 4, value, true));
    return this.bytes(field, bytes);
  }

  /** A `map<string, Message>` entry. */
  mapEntry(field: number, key: string, build: (writer: ProtoWriter) => void): this {
    return this.message(field, (entry) => entry.string(1, key).message(2, build));
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }
}
