/**
 * Layer shapes as CodeLens lines above each layer's line (`tensorscope.inlayHints.position`
 * `above`): always in view however narrow the editor; clicking one opens the inspector there.
 */
import * as vscode from 'vscode';
import { layerHint, layerHintTooltip, withoutArrow } from './hintFormat';
import { hintPosition } from './hintPlacement';
import type { InspectionStore } from './inspectionStore';
import { layersByLine } from './layerLines';

export class LayerShapeCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly store: InspectionStore) {}

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (hintPosition(document) !== 'above') return [];
    const summary = this.store.forSourceFile(document.fileName)?.summary;
    if (!summary) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const [line, layers] of layersByLine(summary, document.fileName)) {
      if (line < 1 || line > document.lineCount) continue;
      const first = layers[0];
      lenses.push(
        new vscode.CodeLens(document.lineAt(line - 1).range, {
          title: withoutArrow(layerHint(layers)),
          tooltip: `${layerHintTooltip(layers)}\n${vscode.l10n.t('Click to open the inspector.')}`,
          command: 'tensorscope.showInspector',
          arguments: [{ modelFile: document.fileName, layer: first?.name }],
        }),
      );
    }
    return lenses;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
