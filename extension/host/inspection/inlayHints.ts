/** Inlay hints: each layer's output shape and parameters at the end of its line, the total on `createModel`'s. */
import * as vscode from 'vscode';
import { layerHint, layerHintTooltip, totalHint } from './hintFormat';
import type { InspectionStore } from './inspectionStore';
import { createModelLine, layersByLine } from './layerLines';

export const INLAY_HINTS_SETTING = 'tensorscope.inlayHints.enabled';

export class LayerInlayHints implements vscode.InlayHintsProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.changed.event;

  constructor(private readonly store: InspectionStore) {}

  /** Call when the store's summaries or the setting changed. */
  refresh(): void {
    this.changed.fire();
  }

  provideInlayHints(document: vscode.TextDocument, range: vscode.Range): vscode.InlayHint[] {
    if (!vscode.workspace.getConfiguration('tensorscope', document.uri).get('inlayHints.enabled', true)) return [];
    const summary = this.store.forSourceFile(document.fileName)?.summary;
    if (!summary) return [];
    const hints: vscode.InlayHint[] = [];
    for (const [line, layers] of layersByLine(summary, document.fileName)) {
      const hint = this.hintAt(document, range, line - 1, layerHint(layers));
      if (hint === undefined) continue;
      hint.tooltip = layerHintTooltip(layers);
      hints.push(hint);
    }
    const total = this.hintAt(document, range, createModelLine(document.getText()), totalHint(summary));
    if (total !== undefined) hints.push(total);
    return hints;
  }

  private hintAt(document: vscode.TextDocument, range: vscode.Range, line: number, label: string) {
    if (line < 0 || line >= document.lineCount || line < range.start.line || line > range.end.line) return undefined;
    const hint = new vscode.InlayHint(document.lineAt(line).range.end, label);
    hint.paddingLeft = true;
    return hint;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
