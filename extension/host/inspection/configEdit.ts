/**
 * Where to write a field (`learningRate`, or any sweep parameter) in a model file's exported
 * `config` object: replace the value of an existing key, or insert the key right after the
 * opening brace. Pure text work
 * on the source (no parser): it tracks strings, comments and bracket depth.
 */

export type ConfigEdit =
  | { readonly kind: 'replace'; readonly start: number; readonly end: number; readonly text: string }
  | { readonly kind: 'insert'; readonly offset: number; readonly text: string }
  | { readonly kind: 'noConfig' };

const CONFIG_EXPORT = /export\s+(?:const|let|var)\s+config\b[^=]*=\s*\{|(?:module\.)?exports\.config\s*=\s*\{/;

/** A learning rate as it reads in source: two significant digits. */
export function formatLearningRate(value: number): string {
  return String(Number(value.toPrecision(2)));
}

export function learningRateEdit(text: string, learningRate: number): ConfigEdit {
  return configFieldEdit(text, 'learningRate', formatLearningRate(learningRate));
}

/** Where to write `key: valueText` in the exported `config` object (the sweep's Apply Best writes each parameter). */
export function configFieldEdit(text: string, key: string, valueText: string): ConfigEdit {
  const match = CONFIG_EXPORT.exec(text);
  if (match === null) return { kind: 'noConfig' };
  const open = match.index + match[0].length - 1;
  const close = matchingBrace(text, open);
  if (close < 0) return { kind: 'noConfig' };
  const existing = topLevelValue(text, open, close, key);
  if (existing !== undefined) return { kind: 'replace', ...existing, text: valueText };
  const name = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
  return { kind: 'insert', offset: open + 1, text: insertion(text, open, close, `${name}: ${valueText}`) };
}

/** The text after an edit. */
export function applyConfigEdit(text: string, edit: ConfigEdit): string {
  if (edit.kind === 'replace') return text.slice(0, edit.start) + edit.text + text.slice(edit.end);
  if (edit.kind === 'insert') return text.slice(0, edit.offset) + edit.text + text.slice(edit.offset);
  return text;
}

/** The text to put right after `{`, matching the object's layout (one line or several). */
function insertion(text: string, open: number, close: number, entry: string): string {
  const body = text.slice(open + 1, close);
  if (body.trim() === '') return ` ${entry} `;
  const newline = /\n([ \t]*)\S/.exec(body);
  if (newline === null) return ` ${entry},`;
  return `\n${newline[1]}${entry},`;
}

/** Skips a string, template or comment starting at `i`; returns the index after it, or `i` when none starts there. */
function skipNonCode(text: string, i: number): number {
  const char = text[i];
  if (char === '/' && text[i + 1] === '/') {
    const end = text.indexOf('\n', i);
    return end < 0 ? text.length : end;
  }
  if (char === '/' && text[i + 1] === '*') {
    const end = text.indexOf('*/', i + 2);
    return end < 0 ? text.length : end + 2;
  }
  if (char === '"' || char === "'" || char === '`') {
    let j = i + 1;
    while (j < text.length && text[j] !== char) j += text[j] === '\\' ? 2 : 1;
    return j + 1;
  }
  return i;
}

/** Calls `visit(index, depth)` for every code character (and string start) from `open`, depth counted from it, until it returns true. */
function scan(text: string, open: number, visit: (index: number, depth: number) => boolean): number {
  let depth = 0;
  let i = open;
  while (i < text.length) {
    const skipped = skipNonCode(text, i);
    if (skipped !== i) {
      // A quoted key starts with a string: let the visitor see where it begins.
      if (text[i] !== '/' && visit(i, depth)) return i;
      i = skipped;
      continue;
    }
    const char = text[i] as string;
    if ('{[('.includes(char)) depth++;
    if ('}])'.includes(char)) depth--;
    if (visit(i, depth)) return i;
    i++;
  }
  return -1;
}

function matchingBrace(text: string, open: number): number {
  return scan(text, open, (_, depth) => depth === 0);
}

/** The range of the value of `key` among the object's own keys (depth 1), if present. */
function topLevelValue(
  text: string,
  open: number,
  close: number,
  key: string,
): { start: number; end: number } | undefined {
  const name = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^(?:${name}|'${name}'|"${name}")\\s*:\\s*`);
  let found: { start: number; end: number } | undefined;
  scan(text, open, (index, depth) => {
    if (index >= close) return true;
    const atKeyStart = depth === 1 && /[{,\s]/.test(text[index - 1] ?? '') && !/\s/.test(text[index] as string);
    const keyMatch = atKeyStart ? pattern.exec(text.slice(index, close)) : null;
    if (keyMatch === null) return false;
    const start = index + keyMatch[0].length;
    const end = scan(text, start, (at, inner) => inner < 0 || (inner === 0 && (text[at] === ',' || text[at] === '\n')));
    found = { start, end: valueEnd(text, start, end < 0 || end > close ? close : end) };
    return true;
  });
  return found;
}

/** The end of the value proper: without trailing whitespace or a trailing comment. */
function valueEnd(text: string, start: number, end: number): number {
  const value = text.slice(start, end).replace(/\s*(?:\/\/.*|\/\*[\s\S]*\*\/)?\s*$/, '');
  return start + value.length;
}
