/**
 * Finds the line of a key inside the model file's `sweep` object, so a bad spec is reported
 * where it is written. Text search, no parser: each key is looked for after the line of the
 * key before it; a key that is not found falls back to its parent's line.
 */
import type { SourceLocation } from '../protocol/model';

const SWEEP_DECLARATION = /\b(?:const|let|var)\s+sweep\b|\bexports\.sweep\b/;

function keyPattern(key: string): RegExp {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?:^|[\\s{,])(?:${escaped}|'${escaped}'|"${escaped}")\\s*:`);
}

export function locateSweepKey(text: string, file: string, keys: string[]): SourceLocation {
  const lines = text.split('\n');
  let index = lines.findIndex((line) => SWEEP_DECLARATION.test(line));
  if (index < 0) return { file, line: 1, column: 1 };
  let column = Math.max(1, (lines[index] ?? '').search(/\bsweep\b/) + 1);
  for (const key of keys) {
    // List positions ('0', '1') have no key of their own: stay on the list's line.
    if (/^\d+$/.test(key)) break;
    const pattern = keyPattern(key);
    const found = lines.findIndex((line, i) => i >= index && pattern.test(line));
    if (found < 0) break;
    index = found;
    column = Math.max(1, (lines[found] ?? '').search(pattern) + 1);
    if (/\s|[{,]/.test((lines[found] ?? '')[column - 1] ?? '')) column++;
  }
  return { file, line: index + 1, column };
}
