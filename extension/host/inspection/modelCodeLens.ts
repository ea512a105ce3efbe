/** CodeLens over `createModel`: Train · Evaluate · Inspect · Pre-flight · Find LR · Data, and Sweep when the file exports one. */
import * as vscode from 'vscode';
import { isModelDocument } from '../modelFileContext';
import { createModelLine } from './layerLines';

const LENSES: readonly [title: string, command: string, tooltip: string][] = [
  ['$(play) Train', 'tensorscope.train', 'Train this model and watch the loss'],
  ['Evaluate', 'tensorscope.evaluate', 'Evaluate the last checkpoint on the test split'],
  ['Inspect', 'tensorscope.inspect', 'Build the model without data and open the inspector'],
  ['Pre-flight', 'tensorscope.preflight', 'One batch forward and backward: shapes, initial loss, gradient flow'],
  ['Find LR', 'tensorscope.findLearningRate', 'Learning-rate range test: sweep, plot, suggest'],
  ['Data', 'tensorscope.showData', 'What loadData() returns: sizes, label balance, statistics, samples'],
];

const SWEEP_LENS: readonly [string, string, string] = [
  '$(beaker) Sweep',
  'tensorscope.runSweep',
  'Run the trials of this file’s `sweep` and open the HParams view',
];
const EXPORTS_SWEEP = /\bexport\s+(?:const|let|var)\s+sweep\b|\bexports\.sweep\s*=/;

export class ModelCodeLens implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!isModelDocument(document)) return [];
    const line = createModelLine(document.getText());
    if (line < 0) return [];
    const range = document.lineAt(line).range;
    const lenses = EXPORTS_SWEEP.test(document.getText()) ? [...LENSES, SWEEP_LENS] : LENSES;
    return lenses.map(
      ([title, command, tooltip]) => new vscode.CodeLens(range, { title, command, tooltip, arguments: [document.uri] }),
    );
  }
}
