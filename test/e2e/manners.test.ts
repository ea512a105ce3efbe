/**
 * End-to-end: good manners in a workspace that is not about Tensorscope. A plain TypeScript project
 * (no model files, no .tensorscope) is opened in code-server and one of its files is shown: the
 * extension activates (onLanguage:typescript) and must touch no file and start no process. The
 * extension host records the extension's own node:fs and node:child_process calls to a trace file
 * (TENSORSCOPE_IO_TRACE, extension/host/ioTrace.ts); the next step shows the trace does see the
 * extension's I/O when it does some. Then a model file appears in the project, and its context
 * menus (editor and Explorer) offer Train, where the plain file's do not.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe } from 'node:test';
import type { Locator } from 'playwright-core';
import { setTimeout as sleep } from 'node:timers/promises';
import { IO_TRACE_ENV, IO_TRACE_MARKER } from '../../extension/host/ioTrace';
import { e2eSteps } from './harness/steps';
import { waitFor } from './harness/wait';
import { Workbench } from './harness/workbench';

const PLAIN_FILE = 'src/greeting.ts';
const MODEL_FILE = 'src/model.ts';
/** Work the extension might start in `activate` and finish later gets this long to show in the trace. */
const SETTLE_MS = 4_000;
const TRAIN = /^Train$/;
const MENU_FADE_MS = 500;

const PLAIN_PROJECT: Record<string, string> = {
  'package.json': '{ "name": "greeter", "version": "1.0.0", "private": true }\n',
  'tsconfig.json': '{ "compilerOptions": { "strict": true, "target": "ES2022" }, "include": ["src"] }\n',
  [PLAIN_FILE]: `export function greeting(name: string): string {
  return \`Hello, \${name}!\`;
}
`,
  'src/main.ts': `import { greeting } from './greeting';

console.log(greeting(process.argv[2] ?? 'world'));
`,
};

const MODEL_SOURCE = `import * as tf from '@tensorflow/tfjs';

export function createModel(): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [4], units: 8, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 3, activation: 'softmax' }));
  model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
  return model;
}
`;

function writeProject(root: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
}

describe('good manners in a plain TypeScript workspace (code-server)', () => {
  let workbench: Workbench;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorscope-manners-'));
  const project = path.join(scratch, 'greeter');
  const traceFile = path.join(scratch, 'io-trace.txt');

  const traceLines = (): string[] =>
    fs.existsSync(traceFile) ? fs.readFileSync(traceFile, 'utf8').split('\n').filter(Boolean) : [];
  const fileCalls = (): string[] => traceLines().filter((line) => !line.startsWith(IO_TRACE_MARKER));
  const page = () => workbench.page;
  const menuItems = async (): Promise<string[]> =>
    (await page().locator('.context-view .monaco-menu .action-label').allInnerTexts()).map((text) => text.trim());

  /** Right-clicks `target`, waits for the context menu and returns its items (the menu stays open). */
  const contextMenuOf = async (target: Locator, what: string): Promise<string[]> => {
    await page().keyboard.press('Escape');
    await target.click({ button: 'right' });
    return waitFor(`the context menu of ${what}`, async () => {
      const items = await menuItems();
      return items.length > 0 ? items : undefined;
    });
  };
  /** A screenshot of the open context menu, once its fade-in is over. */
  const menuShot = async (name: string): Promise<void> => {
    await sleep(MENU_FADE_MS);
    await workbench.screenshot(name);
  };
  const editorText = () => page().locator('.editor-group-container.active .monaco-editor .view-lines').first();
  const explorerRow = (name: string) =>
    page().locator('.explorer-folders-view .monaco-list-row', {
      has: page().locator('.label-name', { hasText: name }),
    });

  const steps = e2eSteps(() => workbench);
  const e2e = steps.define;

  before(async () => {
    writeProject(project, PLAIN_PROJECT);
    workbench = await Workbench.launch({ workspaceSource: project, serverEnv: { [IO_TRACE_ENV]: traceFile } });
  });

  after(async () => {
    await steps.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  e2e('manners-01-activation-reads-nothing', async () => {
    assert.deepEqual(traceLines(), [], 'nothing should load the extension before a TypeScript file is open');
    await workbench.openFile(PLAIN_FILE);
    await waitFor('the extension to activate (a marker in the I/O trace)', () =>
      traceLines().includes(`${IO_TRACE_MARKER}activate`),
    );
    await sleep(SETTLE_MS);
    assert.deepEqual(
      fileCalls(),
      [],
      'activating in a plain TypeScript workspace should touch no file and start no process',
    );
    assert.ok(
      !fs.existsSync(path.join(workbench.sandbox.workspace, '.tensorscope')),
      'activation should not create a .tensorscope folder',
    );
  });

  e2e('manners-02-trace-sees-the-extension-io', async () => {
    // The control: showing the loss panel looks for recorded runs, which the trace must show.
    await workbench.runCommand('Tensorscope: Show Loss Panel');
    await waitFor('a look into .tensorscope in the I/O trace', () =>
      fileCalls().some((line) => line.includes(`${path.sep}.tensorscope`)),
    );
  });

  e2e('manners-03-plain-file-has-no-train', async () => {
    const inEditor = await contextMenuOf(editorText(), `the editor of ${PLAIN_FILE}`);
    assert.ok(!inEditor.some((item) => TRAIN.test(item)), `no Train for a plain file: ${inEditor.join(' | ')}`);
    await menuShot('manners-03a-plain-editor-context-menu');
    const inExplorer = await contextMenuOf(explorerRow('greeting.ts'), 'greeting.ts in the Explorer');
    assert.ok(!inExplorer.some((item) => TRAIN.test(item)), `no Train for a plain file: ${inExplorer.join(' | ')}`);
    await menuShot('manners-03b-plain-explorer-context-menu');
    await page().keyboard.press('Escape');
  });

  e2e('manners-04-model-file-context-menus-train', async () => {
    writeProject(workbench.sandbox.workspace, { [MODEL_FILE]: MODEL_SOURCE });
    await workbench.openFile(MODEL_FILE);
    const inEditor = await waitFor('Train in the model file editor context menu', async () => {
      const items = await contextMenuOf(editorText(), `the editor of ${MODEL_FILE}`);
      return items.some((item) => TRAIN.test(item)) ? items : undefined;
    });
    assert.ok(inEditor.some((item) => TRAIN.test(item)));
    await menuShot('manners-04a-model-editor-context-menu');
    await page().keyboard.press('Escape');
    await workbench.runCommand('File: Reveal Active File in Explorer View');
    const inExplorer = await contextMenuOf(explorerRow('model.ts'), 'model.ts in the Explorer');
    assert.ok(
      inExplorer.some((item) => TRAIN.test(item)),
      `Train for a model file: ${inExplorer.join(' | ')}`,
    );
    await menuShot('manners-04b-model-explorer-context-menu');
    await page().keyboard.press('Escape');
  });
});
