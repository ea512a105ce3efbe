/**
 * Runs inside VS Code's extension host (loaded by @vscode/test-electron): the extension API view
 * of Tensorscope on a workspace holding the spiral example and one recorded run of it.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';

const COMMANDS = [
  'tensorscope.train',
  'tensorscope.evaluate',
  'tensorscope.stop',
  'tensorscope.showPanel',
  'tensorscope.inspect',
];

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function lineOf(document: vscode.TextDocument, text: string): number {
  const line = document
    .getText()
    .split('\n')
    .findIndex((candidate) => candidate.includes(text));
  assert.ok(line >= 0, `the example has a line with ${text}`);
  return line;
}

const checks: [string, () => Promise<void>][] = [
  [
    'the commands are registered with the Tensorscope category',
    async () => {
      const registered = await vscode.commands.getCommands(true);
      for (const command of COMMANDS) assert.ok(registered.includes(command), command);
    },
  ],
  [
    'inlay hints show each layer’s output shape and parameters',
    async () => {
      const [file] = await vscode.workspace.findFiles('model.ts');
      assert.ok(file);
      const document = await vscode.workspace.openTextDocument(file);
      await vscode.window.showTextDocument(document);
      const range = new vscode.Range(0, 0, document.lineCount, 0);
      const hints = await waitFor(async () => {
        const found = await vscode.commands.executeCommand<vscode.InlayHint[]>(
          'vscode.executeInlayHintProvider',
          file,
          range,
        );
        return found.some((hint) =>
          String(typeof hint.label === 'string' ? hint.label : hint.label.map((part) => part.value).join('')).includes(
            'params',
          ),
        )
          ? found
          : undefined;
      }, 'inlay hints');
      const denseLine = lineOf(document, 'units: 64');
      assert.ok(
        hints.some((hint) => hint.position.line === denseLine),
        'a hint on the first dense layer’s line',
      );
    },
  ],
  [
    'hovering a layer shows its card from the recorded run',
    async () => {
      const [file] = await vscode.workspace.findFiles('model.ts');
      assert.ok(file);
      const document = await vscode.workspace.openTextDocument(file);
      const line = lineOf(document, 'tf.layers.dense(');
      const position = new vscode.Position(line, document.lineAt(line).text.indexOf('dense') + 1);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        file,
        position,
      );
      const text = hovers
        .flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value)))
        .join('\n');
      assert.match(text, /Dense/);
      assert.match(text, /params/);
    },
  ],
];

export async function run(): Promise<void> {
  await vscode.extensions.all.find((extension) => extension.id.endsWith('.tensorscope'))?.activate();
  let failed = 0;
  for (const [name, check] of checks) {
    try {
      await check();
      console.log(`ok - ${name}`);
    } catch (error) {
      failed++;
      console.log(`not ok - ${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  console.log(`${checks.length - failed} passed, ${failed} failed`);
  if (failed > 0) throw new Error(`${failed} electron check(s) failed`);
}
