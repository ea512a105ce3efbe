// Deterministic benchmark data shared by every framework: each worker reads the very same bytes.
//
// Inputs are uniform floats in [0, 1), labels uniform integers in [0, 10), both from a seeded
// mulberry32 generator, written as raw little-endian float32 / int32 files plus a small JSON header.
import { Buffer } from 'node:buffer';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const CLASSES = 10;
export const SEED = 20240917;

/** mulberry32: a tiny seeded generator returning numbers in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Writes (once) `<dir>/<name>.x.f32`, `<name>.y.i32` and `<name>.json` for `samples` examples of
 * `shape` (without the batch axis) and returns the header. Re-running with the same arguments reuses the files.
 */
export function ensureDataset(dir, name, samples, shape, seed = SEED) {
  mkdirSync(dir, { recursive: true });
  const header = { name, samples, shape, classes: CLASSES, seed, x: `${name}.x.f32`, y: `${name}.y.i32` };
  const headerPath = join(dir, `${name}.json`);
  if (existsSync(headerPath)) {
    const old = JSON.parse(readFileSync(headerPath, 'utf8'));
    if (JSON.stringify(old) === JSON.stringify(header)) return { ...header, dir };
  }
  const random = mulberry32(seed);
  const features = shape.reduce((a, b) => a * b, 1);
  const x = new Float32Array(samples * features);
  for (let i = 0; i < x.length; i++) x[i] = random();
  const y = new Int32Array(samples);
  for (let i = 0; i < samples; i++) y[i] = Math.floor(random() * CLASSES);
  writeFileSync(join(dir, header.x), Buffer.from(x.buffer));
  writeFileSync(join(dir, header.y), Buffer.from(y.buffer));
  writeFileSync(headerPath, JSON.stringify(header));
  return { ...header, dir };
}

/** Reads a dataset written by ensureDataset as typed arrays. */
export function readDataset(header) {
  const xb = readFileSync(join(header.dir, header.x));
  const yb = readFileSync(join(header.dir, header.y));
  return {
    x: new Float32Array(xb.buffer, xb.byteOffset, xb.byteLength / 4),
    y: new Int32Array(yb.buffer, yb.byteOffset, yb.byteLength / 4),
  };
}
