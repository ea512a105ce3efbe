/** CodeLens over `createModel`: Train · Evaluate · Inspect · Pre-flight · Find LR · Data, and Sweep when the file exports one. */
import * as vscode from 'vscode';
import { isModelDocument } from '../modelFileContext';
import { createModelLine } from './layerLines';

type Lens = readonly [title: string, command: string, tooltip: string];

const lenses = (): Lens[] => [
  [`$(play) ${vscode.l10n.t('Train')}`, 'tensorscope.train', vscode.l10n.t('Train this model and watch the loss')],
  [vscode.l10n.t('Evaluate'), 'tensorscope.evaluate', vscode.l10n.t('Evaluate the last checkpoint on the test split')],
  [
    vscode.l10n.t('Inspect'),
    'tensorscope.inspect',
    vscode.l10n.t('Build the model without data and open the inspector'),
  ],
  [
    vscode.l10n.t('Pre-flight'),
    'tensorscope.preflight',
    vscode.l10n.t('One batch forward and backward: shapes, initial loss, gradient flow'),
  ],
  [
    vscode.l10n.t('Find LR'),
    'tensorscope.findLearningRate',
    vscode.l10n.t('Learning-rate range test: sweep, plot, suggest'),
  ],
  [
    vscode.l10n.t('Data'),
    'tensorscope.showData',
    vscode.l10n.t('What loadData() returns: sizes, label balance, statistics, samples'),
  ],
];

const sweepLens = (): Lens => [
  `$(beaker) ${vscode.l10n.t('Sweep')}`,
  'tensorscope.runSweep',
  vscode.l10n.t('Run the trials of this file’s `sweep` and open the HParams view'),
];
const EXPORTS_SWEEP = /\bexport\s+(?:const|let|var)\s+sweep\b|\bexports\.sweep\s*=/;

export class ModelCodeLens implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!isModelDocument(document)) return [];
    const line = createModelLine(document.getText());
    if (line < 0) return [];
    const range = document.lineAt(line).range;
    const shown = EXPORTS_SWEEP.test(document.getText()) ? [...lenses(), sweepLens()] : lenses();
    return shown.map(
      ([title, command, tooltip]) => new vscode.CodeLens(range, { title, command, tooltip, arguments: [document.uri] }),
    );
  }
}
