/**
 * Wires model inspection into the extension with one call from `activate`: the store fed by
 * runs, dry builds of model files, inlay hints, hovers, CodeLens, the inspector panel and
 * its commands. Cheap to activate: no trainer starts until a model file is open.
 */
import * as vscode from 'vscode';
import type { RunDiagnostics } from '../diagnostics';
import { openAt } from '../editorFiles';
import type { RunController } from '../runController';
import { applyLearningRate } from './applyLearningRate';
import { watchModelFiles } from './dryBuilder';
import { registerInspectionCommands } from './inspectionCommands';
import { InspectionStore } from './inspectionStore';
import { affectsLayerHints } from './hintPlacement';
import { LayerInlayHints } from './inlayHints';
import { LayerShapeCodeLens } from './layerCodeLens';
import { InspectorPanel, type InspectorContext } from './inspectorPanel';
import { sourceOfLayer } from './layerLines';
import { LayerHover } from './layerHover';
import { ModelCodeLens } from './modelCodeLens';
import { RecordedRuns } from './recordedRuns';

const MODEL_FILES: vscode.DocumentSelector = [
  { scheme: 'file', language: 'typescript' },
  { scheme: 'file', language: 'javascript' },
  { scheme: 'file', language: 'typescriptreact' },
  { scheme: 'file', language: 'javascriptreact' },
];

export function registerInspection(
  context: vscode.ExtensionContext,
  controller: RunController,
  log: vscode.LogOutputChannel,
  /** The same collection the runs report into, so one error is never listed twice. */
  buildDiagnostics: RunDiagnostics,
): void {
  const store = new InspectionStore();
  const recorded = new RecordedRuns(store);
  const hints = new LayerInlayHints(store);
  const shapeLenses = new LayerShapeCodeLens(store);
  const inspector: InspectorContext = {
    extensionUri: context.extensionUri,
    store,
    actions: {
      revealLayer: (modelFile, layer) => {
        const summary = store.get(modelFile)?.summary;
        const source = summary ? sourceOfLayer(summary, layer) : undefined;
        if (source !== undefined) void openAt(source.file, source.line);
      },
      applyLearningRate: (modelFile, learningRate) => void applyLearningRate(modelFile, learningRate),
    },
  };
  context.subscriptions.push(
    hints,
    controller.addSink(store),
    shapeLenses,
    store.onDidChange((change) => {
      if (change.kind !== 'reset') return;
      hints.refresh();
      shapeLenses.refresh();
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!affectsLayerHints(event)) return;
      hints.refresh();
      shapeLenses.refresh();
    }),
    watchModelFiles({ extensionUri: context.extensionUri, store, diagnostics: buildDiagnostics, log }),
    vscode.languages.registerInlayHintsProvider(MODEL_FILES, hints),
    vscode.languages.registerHoverProvider(MODEL_FILES, new LayerHover(store, recorded)),
    vscode.languages.registerCodeLensProvider(MODEL_FILES, new ModelCodeLens()),
    vscode.languages.registerCodeLensProvider(MODEL_FILES, shapeLenses),
    InspectorPanel.registerSerializer(inspector),
    registerInspectionCommands({
      inspector,
      store,
      diagnostics: buildDiagnostics,
      log,
      ensureRecorded: (file) => recorded.ensureLoaded(file),
    }),
  );
}
