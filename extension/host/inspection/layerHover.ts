/** The hover card on a layer's construction line: shape, parameters and live statistics. */
import * as vscode from 'vscode';
import { hoverCard, SHOW_INSPECTOR_COMMAND } from './hoverCard';
import type { InspectionStore } from './inspectionStore';
import { layersByLine } from './layerLines';
import type { RecordedRuns } from './recordedRuns';
import { importsTensorFlow } from '../modelFileText';

export class LayerHover implements vscode.HoverProvider {
  constructor(
    private readonly store: InspectionStore,
    private readonly recorded: RecordedRuns,
  ) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    // Files that build no layers (no TensorFlow.js import) never send the lookup to disk.
    if (importsTensorFlow(document.getText())) this.recorded.ensureLoaded(document.fileName);
    const model = this.store.forSourceFile(document.fileName);
    if (!model?.summary) return undefined;
    const layers = layersByLine(model.summary, document.fileName).get(position.line + 1);
    if (layers === undefined) return undefined;
    const markdown = new vscode.MarkdownString(
      hoverCard({ modelFile: model.modelFile, layers, records: model.records, origin: model.statsOrigin }),
      true,
    );
    markdown.isTrusted = { enabledCommands: [SHOW_INSPECTOR_COMMAND] };
    return new vscode.Hover(markdown, document.lineAt(position.line).range);
  }
}
