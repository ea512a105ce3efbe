/** CodeLens over `createModel`: Train · Evaluate · Inspect · Pre-flight · Find LR · Data. */
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

export class ModelCodeLens implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!isModelDocument(document)) return [];
    const line = createModelLine(document.getText());
    if (line < 0) return [];
    const range = document.lineAt(line).range;
    return LENSES.map(
      ([title, command, tooltip]) => new vscode.CodeLens(range, { title, command, tooltip, arguments: [document.uri] }),
    );
  }
}
