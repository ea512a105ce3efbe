import * as fs from 'node:fs';
import * as path from 'node:path';

/** Writes a file and flushes it to disk, so a rename that publishes it afterwards publishes it whole. */
export function writeDurable(file: string, content: string | Buffer): void {
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes a file so readers see the old or the new content, never a torn one (temp file + rename). */
export function writeFileAtomic(file: string, content: string): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    writeDurable(temp, content);
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

/**
 * Appends whole lines or nothing: an append that fails part-way (disk full) is cut back to where
 * it started, so the file never ends in a torn line and later appends stay line-aligned.
 */
export function appendWhole(file: string, text: string): void {
  const fd = fs.openSync(file, 'a');
  const start = fs.fstatSync(fd).size;
  try {
    const bytes = Buffer.from(text, 'utf8');
    for (let offset = 0; offset < bytes.length;) offset += fs.writeSync(fd, bytes, offset);
  } catch (error) {
    try {
      fs.ftruncateSync(fd, start);
    } catch {
      // the reader still skips a torn last line
    }
    throw error;
  } finally {
    fs.closeSync(fd);
  }
}
