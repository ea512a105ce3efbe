/**
 * The architecture's import rules (eslint.config.mjs) run on real source text placed in each
 * folder: a forbidden import fails lint with the folder's message, an allowed one passes.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

/** The `no-restricted-imports` messages ESLint reports for `source` as if it were at `file`. */
async function restrictedImports(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const violations: [folder: string, file: string, source: string, reason: RegExp][] = [
  ['protocol', 'extension/protocol/x.ts', "export { readRun } from '../runs/runReader';", /imports only the protocol/],
  ['protocol', 'extension/protocol/x.ts', "import * as fs from 'node:fs';\nexport const f = fs;", /no packages/],
  [
    'host',
    'extension/host/x.ts',
    "import * as tf from '@tensorflow/tfjs';\nexport const t = tf;",
    /never loads TensorFlow/,
  ],
  [
    'host',
    'extension/host/sub/x.ts',
    "import { saveCheckpoint } from '../../trainer/checkpoint';\nexport const s = saveCheckpoint;",
    /does not import the trainer/,
  ],
  ['trainer', 'extension/trainer/x.ts', "import * as vscode from 'vscode';\nexport const v = vscode;", /no `vscode`/],
  [
    'cli',
    'extension/cli/x.ts',
    "import { readSettings } from '../host/settings';\nexport const r = readSettings;",
    /never import the extension host/,
  ],
  [
    'runs',
    'extension/runs/x.ts',
    "import type { TensorFlow } from '../trainer/tensorflow';\nexport type T = TensorFlow;",
    /imports only the protocol and itself/,
  ],
  [
    'webview',
    'webview/panel/x.ts',
    "import { LiveRun } from '../../extension/host/liveRun';\nexport const l = LiveRun;",
    /only the protocol and webview code/,
  ],
  ['webview', 'webview/x.ts', "import * as vscode from 'vscode';\nexport const v = vscode;", /no `vscode`/],
  ['source', 'extension/source/x.ts', "import * as vscode from 'vscode';\nexport const v = vscode;", /no `vscode`/],
  [
    'source',
    'extension/source/x.ts',
    "import { readRun } from '../runs/runReader';\nexport const r = readRun;",
    /only the protocol and themselves/,
  ],
];

const allowed: [folder: string, file: string, source: string][] = [
  ['protocol', 'extension/protocol/x.ts', "import { object } from './schema';\nexport const o = object;"],
  [
    'host',
    'extension/host/x.ts',
    "import { hasCheckpoint } from '../runs/checkpointFiles';\nexport const h = hasCheckpoint;",
  ],
  ['trainer', 'extension/trainer/x.ts', "import type * as tf from '@tensorflow/tfjs';\nexport type T = tf.Tensor;"],
  [
    'host',
    'extension/host/sub/x.ts',
    "import { findDeclaration } from '../../source/sourceText';\nexport const f = findDeclaration;",
  ],
  [
    'webview',
    'webview/panel/x.ts',
    "import type { HostToPanel } from '../../extension/protocol/panelMessages';\nexport type H = HostToPanel;",
  ],
];

describe('architecture import rules', () => {
  for (const [folder, file, source, reason] of violations) {
    it(`${folder}: fails lint for ${source.split('\n')[0]}`, async () => {
      const messages = await restrictedImports(file, source);
      assert.equal(messages.length, 1, `expected one restricted import, got ${JSON.stringify(messages)}`);
      assert.match(messages[0] ?? '', reason);
    });
  }
  for (const [folder, file, source] of allowed) {
    it(`${folder}: allows ${source.split('\n')[0]}`, async () => {
      assert.deepEqual(await restrictedImports(file, source), []);
    });
  }
});

/** The `no-restricted-syntax` messages ESLint reports for `source` as if it were at `file`. */
async function restrictedSyntax(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

describe('host text goes through vscode.l10n.t', () => {
  const host = 'extension/host/sub/x.ts';
  const untranslated = [
    "import * as vscode from 'vscode';\nvoid vscode.window.showErrorMessage('Tensorscope: the run failed.');",
    "import * as vscode from 'vscode';\nexport const f = (n: string) => vscode.window.showWarningMessage(`${n} failed`);",
    "import * as vscode from 'vscode';\nvoid vscode.window.showInformationMessage(vscode.l10n.t('Done.'), 'Open File');",
    "import * as vscode from 'vscode';\nvoid vscode.window.setStatusBarMessage('Tensorscope: trained', 5000);",
    "import * as vscode from 'vscode';\nexport const f = (n: string) => vscode.l10n.t(`${n} trained`);",
  ];
  for (const source of untranslated) {
    it(`fails lint for ${source.split('\n')[1]}`, async () => {
      const messages = await restrictedSyntax(host, source);
      assert.equal(messages.length, 1, `expected one message, got ${JSON.stringify(messages)}`);
      assert.match(messages[0] ?? '', /vscode\.l10n\.t/);
    });
  }
  it('allows translated text and keeps the named-exports rule', async () => {
    const translated =
      "import * as vscode from 'vscode';\nvoid vscode.window.setStatusBarMessage(vscode.l10n.t('Tensorscope: {0} trained', 'm'), 5000);";
    assert.deepEqual(await restrictedSyntax(host, translated), []);
    assert.deepEqual(await restrictedSyntax(host, 'const x = 1;\nexport default x;'), ['Use named exports.']);
  });
});
