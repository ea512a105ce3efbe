/**
 * The English message bundle translators start from (`l10n/bundle.l10n.json`): every message the
 * host passes to `vscode.l10n.t`, keyed by itself, as VS Code looks messages up. A translation is
 * that file copied to `bundle.l10n.<locale>.json` with the values translated (package.json's `l10n`
 * points VS Code at the folder; the manifest's own strings are in package.nls.json).
 *
 *   npm run l10n           writes l10n/bundle.l10n.json from the sources
 *
 * Packaging writes the same file into the .vsix. A lint rule keeps every message a string literal,
 * so reading the sources finds them all.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

export const L10N_DIR = 'l10n';
export const BUNDLE_FILE = 'bundle.l10n.json';
/** Where the host's sources are, relative to the repository. */
const HOST_DIR = path.join('extension', 'host');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** `x.l10n.t(...)`: the call whose first argument is a message. */
function isL10nCall(node: ts.Node): node is ts.CallExpression {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return false;
  const callee = node.expression;
  return (
    callee.name.text === 't' &&
    ts.isPropertyAccessExpression(callee.expression) &&
    callee.expression.name.text === 'l10n'
  );
}

/** The messages of one source text, in order of appearance. */
export function messagesIn(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const messages: string[] = [];
  const visit = (node: ts.Node): void => {
    if (isL10nCall(node)) {
      const first = node.arguments[0];
      if (first === undefined || !ts.isStringLiteralLike(first)) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart());
        throw new Error(`${fileName}:${line + 1}: vscode.l10n.t needs a string literal message`);
      }
      messages.push(first.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return messages;
}

/** Every host message, sorted, each its own English value. */
export function l10nBundle(root: string): Record<string, string> {
  const messages = sourceFiles(path.join(root, HOST_DIR)).flatMap((file) =>
    messagesIn(path.relative(root, file), fs.readFileSync(file, 'utf8')),
  );
  return Object.fromEntries([...new Set(messages)].sort().map((message) => [message, message]));
}

/** Writes `<outDir>/bundle.l10n.json`; returns how many messages it holds. */
export function writeL10nBundle(root: string, outDir: string): number {
  const bundle = l10nBundle(root);
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, BUNDLE_FILE), `${JSON.stringify(bundle, null, 2)}\n`);
  return Object.keys(bundle).length;
}

if (require.main === module) {
  const root = path.resolve(__dirname, '..');
  const count = writeL10nBundle(root, path.join(root, L10N_DIR));
  console.log(`${path.join(L10N_DIR, BUNDLE_FILE)}: ${count} messages`);
}
