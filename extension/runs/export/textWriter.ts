/**
 * Text appended to an open file through one reused buffer: each piece is encoded into the buffer
 * as it comes (it dies young, instead of waiting in a list of strings for a join), and the buffer
 * goes to the file when full.
 */
import * as fs from 'node:fs';

const BUFFER_BYTES = 1 << 20;
/** The most bytes UTF-8 takes for one UTF-16 code unit. */
const MAX_BYTES_PER_CHAR = 3;

export class TextWriter {
  private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;

  constructor(private readonly fd: number) {}

  write(text: string): void {
    const most = text.length * MAX_BYTES_PER_CHAR;
    if (this.used + most > this.buffer.length) this.flush();
    if (most > this.buffer.length) fs.writeSync(this.fd, text);
    else this.used += this.buffer.write(text, this.used);
  }

  flush(): void {
    for (let offset = 0; offset < this.used;) offset += fs.writeSync(this.fd, this.buffer, offset, this.used - offset);
    this.used = 0;
  }
}
