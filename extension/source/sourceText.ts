/**
 * Reading a model file's source text (node:fs only, no TensorFlow.js, no vscode): where a name is
 * declared, for messages that point at the file and line. Shared by the trainer, the sweep runner
 * and the host, which may all import this folder.
 */
import * as fs from 'node:fs';
import type { SourceLocation } from '../protocol/model';

/** Where `name` is declared or exported in the model file (line 1 when it cannot be found). */
export function findDeclaration(file: string, name: string): SourceLocation {
  let text = '';
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return { file, line: 1, column: 1 };
  }
  const declaration = new RegExp(`\\b(?:function\\*?|const|let|var|class)\\s+${name}\\b|\\bexports\\.${name}\\b`);
  const lines = text.split('\n');
  const index = lines.findIndex((line) => declaration.test(line));
  if (index < 0) return { file, line: 1, column: 1 };
  const column = (lines[index] ?? '').search(new RegExp(`\\b${name}\\b`)) + 1;
  return { file, line: index + 1, column: Math.max(column, 1) };
}
