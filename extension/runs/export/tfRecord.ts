/**
 * TFRecord files: each record is its length (uint64 LE), the masked CRC-32C of the length, the
 * data, and the masked CRC-32C of the data. Records are encoded straight into the write buffer
 * (`begin`, write, `commit`). Written to a temp file and renamed when closed, so a reader never
 * sees a half-written export.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { maskedCrc32c } from './crc32c';

const FLUSH_BYTES = 1 << 20;
const HEADER_BYTES = 12;
const FOOTER_BYTES = 4;

export class TfRecordWriter {
  private readonly temp: string;
  private readonly fd: number;
  private bytes = Buffer.allocUnsafe(FLUSH_BYTES);
  private used = 0;

  constructor(readonly file: string) {
    this.temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
    this.fd = fs.openSync(this.temp, 'w');
  }

  /** The buffer a record is written into (read it after `begin`, which may replace it). */
  get buffer(): Buffer {
    return this.bytes;
  }

  /** Makes room for a record of `length` bytes; its data goes at the returned offset of `buffer`. */
  begin(length: number): number {
    const size = HEADER_BYTES + length + FOOTER_BYTES;
    if (this.used + size > this.bytes.length) this.flush();
    if (size > this.bytes.length) this.bytes = Buffer.allocUnsafe(size);
    return this.used + HEADER_BYTES;
  }

  /** Frames the `length` bytes written after `begin`: length, its CRC, the data's CRC. */
  commit(length: number): void {
    const at = this.used;
    const bytes = this.bytes;
    bytes.writeUInt32LE(length, at);
    bytes.writeUInt32LE(0, at + 4); // the length's high half: records here are far below 4 GB
    bytes.writeUInt32LE(maskedCrc32c(bytes, at, at + 8), at + 8);
    const data = at + HEADER_BYTES;
    bytes.writeUInt32LE(maskedCrc32c(bytes, data, data + length), data + length);
    this.used = data + length + FOOTER_BYTES;
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
    fs.writeSync(this.fd, this.bytes, 0, this.used);
    this.used = 0;
  }
}
