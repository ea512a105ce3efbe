/**
 * TFRecord files: each record is its length (uint64 LE), the masked CRC-32C of the length, the
 * data, and the masked CRC-32C of the data. Written to a temp file and renamed when closed, so a
 * reader never sees a half-written export.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { maskedCrc32c } from './crc32c';

const FLUSH_BYTES = 1 << 20;

export function frameRecord(data: Uint8Array): Uint8Array {
  const header = new Uint8Array(12);
  const view = new DataView(header.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskedCrc32c(header.subarray(0, 8)), true);
  const footer = new Uint8Array(4);
  new DataView(footer.buffer).setUint32(0, maskedCrc32c(data), true);
  const out = new Uint8Array(header.length + data.length + footer.length);
  out.set(header, 0);
  out.set(data, header.length);
  out.set(footer, header.length + data.length);
  return out;
}

export class TfRecordWriter {
  private readonly temp: string;
  private readonly fd: number;
  private buffer = Buffer.allocUnsafe(FLUSH_BYTES);
  private used = 0;

  constructor(readonly file: string) {
    this.temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
    this.fd = fs.openSync(this.temp, 'w');
  }

  /** Frames the record straight into the write buffer (the same bytes as `frameRecord`). */
  write(data: Uint8Array): void {
    const size = data.length + 16;
    if (this.used + size > this.buffer.length) this.flush();
    if (size > this.buffer.length) this.buffer = Buffer.allocUnsafe(size);
    const at = this.used;
    this.buffer.writeBigUInt64LE(BigInt(data.length), at);
    this.buffer.writeUInt32LE(maskedCrc32c(this.buffer.subarray(at, at + 8)), at + 8);
    this.buffer.set(data, at + 12);
    this.buffer.writeUInt32LE(maskedCrc32c(data), at + 12 + data.length);
    this.used += size;
  }

  close(): void {
    try {
      this.flush();
      fs.fsyncSync(this.fd);
    } finally {
      fs.closeSync(this.fd);
    }
    fs.renameSync(this.temp, this.file);
  }

  /** Closes and removes the temp file after a failure. */
  abandon(): void {
    fs.closeSync(this.fd);
    fs.rmSync(this.temp, { force: true });
  }

  private flush(): void {
    if (this.used === 0) return;
    fs.writeSync(this.fd, this.buffer, 0, this.used);
    this.used = 0;
  }
}
