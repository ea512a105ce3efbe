/**
 * Train run on a helper file (the model.js that builds the layers, not the train.js that
 * calls fit) trains nothing. The scripts next to it that import it and call fit are the ones
 * to train: a file that never calls fit names them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const SCRIPT_FILE = /\.(?:[cm]?[jt]s)$/;
const CALLS_FIT = /\.fit(?:Dataset)?\s*\(/;
const MAX_FILES = 200;
const MAX_BYTES = 1_000_000;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Files in the helper's folder that import it (require or import, with or without extension) and call fit. */
export function trainingScriptsImporting(helperFile: string): string[] {
  const dir = path.dirname(helperFile);
  const stem = path.basename(helperFile).replace(SCRIPT_FILE, '');
  const imports = new RegExp(`(?:require\\s*\\(|from|import\\s*\\()\\s*['"]\\./${escape(stem)}(?:\\.[cm]?[jt]s)?['"]`);
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((name) => SCRIPT_FILE.test(name) && !name.endsWith('.d.ts'));
  } catch {
    return [];
  }
  return names.slice(0, MAX_FILES).filter((name) => {
    const file = path.join(dir, name);
    if (file === helperFile) return false;
    try {
      if (fs.statSync(file).size > MAX_BYTES) return false;
      const text = fs.readFileSync(file, 'utf8');
      return imports.test(text) && CALLS_FIT.test(text);
    } catch {
      return false;
    }
  });
}
