/**
 * Inlay hints: each layer's output shape and parameters on its line, at the start or the end as
 * `tensorscope.inlayHints.position` says (`above` draws them as CodeLens lines instead:
 * layerCodeLens.ts), and the total at the end of `createModel`'s line wherever the layers' go.
 */
import * as vscode from 'vscode';
import { layerHint, layerHintTooltip, totalHint, withoutArrow } from './hintFormat';
import { hintPosition } from './hintPlacement';
import type { InspectionStore } from './inspectionStore';
import { createModelLine, layersByLine } from './layerLines';

export class LayerInlayHints implements vscode.InlayHintsProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.changed.event;

  constructor(private readonly store: InspectionStore) {}

  /** Call when the store's summaries or the setting changed. */
  refresh(): void {
    this.changed.fire();
  }

  provideInlayHints(document: vscode.TextDocument, range: vscode.Range): vscode.InlayHint[] {
    const position = hintPosition(document);
    if (position === 'off') return [];
    const summary = this.store.forSourceFile(document.fileName)?.summary;
    if (!summary) return [];
    const hints: vscode.InlayHint[] = [];
    if (position === 'start' || position === 'end') {
      for (const [line, layers] of layersByLine(summary, document.fileName)) {
        const hint = this.hintAt(document, range, line - 1, layerHint(layers), position);
        if (hint === undefined) continue;
        hint.tooltip = layerHintTooltip(layers);
        hints.push(hint);
      }
    }
    const total = this.hintAt(document, range, createModelLine(document.getText()), totalHint(summary), 'end');
    if (total !== undefined) hints.push(total);
    return hints;
  }

  private hintAt(
    document: vscode.TextDocument,
    range: vscode.Range,
    line: number,
    label: string,
    position: 'start' | 'end',
  ): vscode.InlayHint | undefined {
    if (line < 0 || line >= document.lineCount || line < range.start.line || line > range.end.line) return undefined;
    const text = document.lineAt(line);
    if (position === 'end') {
      const hint = new vscode.InlayHint(text.range.end, label);
      hint.paddingLeft = true;
      return hint;
    }
    // Before the code, after the indentation: "[null,64] · 192 params ▸ model.add(…)".
    const start = new vscode.Position(line, text.firstNonWhitespaceCharacterIndex);
    const hint = new vscode.InlayHint(start, `${startLabel(label)} ▸`);
    hint.paddingRight = true;
    return hint;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Before the code a hint must stay short, or it pushes the code out of view: the rest is in its tooltip. */
const MAX_START_HINT = 40;

function startLabel(label: string): string {
  const text = withoutArrow(label);
  return text.length <= MAX_START_HINT ? text : `${text.slice(0, MAX_START_HINT - 1).trimEnd()}…`;
}
