/**
 * Examples of a held-out split that also appear in the training sample: a hash of each example's
 * bits, then an exact comparison on a hash match. Pure; linear in the values compared.
 */
import type { Duplicates } from '../../protocol/dataReport';

const MAX_LISTED = 8;

/** FNV-1a over the 32-bit patterns of one example. */
function hashRow(bits: Uint32Array, start: number, length: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < start + length; i++) {
    const word = bits[i] as number;
    hash = Math.imul(hash ^ (word & 0xffff), 0x01000193);
    hash = Math.imul(hash ^ (word >>> 16), 0x01000193);
  }
  return hash >>> 0;
}

function sameRow(a: Uint32Array, aStart: number, b: Uint32Array, bStart: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (a[aStart + i] !== b[bStart + i]) return false;
  return true;
}

/** `train` and `other` hold examples of `exampleLength` values each, one after another. */
export function findDuplicates(
  train: Float32Array,
  other: Float32Array,
  exampleLength: number,
  otherName: string,
): Duplicates {
  const trainBits = new Uint32Array(train.buffer, train.byteOffset, train.length);
  const otherBits = new Uint32Array(other.buffer, other.byteOffset, other.length);
  const byHash = new Map<number, number[]>();
  const trainCount = exampleLength > 0 ? Math.floor(train.length / exampleLength) : 0;
  for (let row = 0; row < trainCount; row++) {
    const hash = hashRow(trainBits, row * exampleLength, exampleLength);
    const rows = byHash.get(hash);
    if (rows) rows.push(row);
    else byHash.set(hash, [row]);
  }
  const checked = exampleLength > 0 ? Math.floor(other.length / exampleLength) : 0;
  const examples: number[] = [];
  let found = 0;
  for (let row = 0; row < checked; row++) {
    const start = row * exampleLength;
    const candidates = byHash.get(hashRow(otherBits, start, exampleLength)) ?? [];
    if (
      candidates.some((candidate) => sameRow(trainBits, candidate * exampleLength, otherBits, start, exampleLength))
    ) {
      found++;
      if (examples.length < MAX_LISTED) examples.push(row);
    }
  }
  return { split: otherName, checked, found, examples };
}
