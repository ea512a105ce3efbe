/**
 * The message bundle translators start from: every vscode.l10n.t message of the host, read from
 * the sources (scripts/l10nBundle.ts), and a message that is not a string literal named by file and line.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { l10nBundle, messagesIn } from '../../scripts/l10nBundle';

const root = path.resolve(__dirname, '..', '..');

describe('l10n bundle', () => {
  it('reads each vscode.l10n.t message, placeholders and all', () => {
    const source = `import * as vscode from 'vscode';
const a = vscode.l10n.t('Stop It');
const b = vscode.l10n.t('Tensorscope: {0} trained', name);
const c = other.t('not a message');
const d = vscode.l10n.t(\`Train {0}\`, name);
`;
    assert.deepEqual(messagesIn('x.ts', source), ['Stop It', 'Tensorscope: {0} trained', 'Train {0}']);
  });

  it('names the file and line of a message it cannot read', () => {
    const source = `import * as vscode from 'vscode';\n\nconst a = vscode.l10n.t(text);\n`;
    assert.throws(() => messagesIn('extension/host/x.ts', source), /extension\/host\/x\.ts:3: .*string literal/);
  });

  it('holds every message of the host, each its own English value', () => {
    const bundle = l10nBundle(root);
    const calls = fs
      .readFileSync(path.join(root, 'extension', 'host', 'statusBar.ts'), 'utf8')
      .match(/vscode\.l10n\.t\(\s*'([^']*)'/g)
      ?.map((call) => /'([^']*)'/.exec(call)?.[1]);
    assert.ok(calls && calls.length > 5, 'statusBar.ts sends its text through vscode.l10n.t');
    for (const message of calls) assert.equal(bundle[message as string], message);
    assert.equal(bundle['No Tensorscope run is in progress.'], 'No Tensorscope run is in progress.');
  });
});
