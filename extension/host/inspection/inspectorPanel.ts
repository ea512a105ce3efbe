/**
 * The inspector: a second webview panel beside the editor (gradient flow, histograms,
 * feature maps, model graph, reports), restored after a reload by its serializer. Like the
 * loss panel it reloads when shown again and gets a fresh snapshot after `ready`.
 */
import * as vscode from 'vscode';
import { LossPanel } from '../panel/lossPanel';
import { renderHtml, webviewOptions } from '../webviewHtml';
import { InspectorConnection, type InspectorActions } from './inspectorConnection';
import type { InspectionStore } from './inspectionStore';

export const INSPECTOR_VIEW_TYPE = 'tensorscope.inspector';

export interface InspectorContext {
  readonly extensionUri: vscode.Uri;
  readonly store: InspectionStore;
  readonly actions: InspectorActions;
}

export class InspectorPanel implements vscode.Disposable {
  private static current: InspectorPanel | undefined;
  private readonly connection: InspectorConnection;
  private readonly subscriptions: vscode.Disposable[] = [];
  private disposed = false;

  /**
   * Shows the inspector for `modelFile` without taking focus: in a column right of the loss
   * panel when that is open (so both stay in view, never one as a tab over the other), else
   * beside the editor.
   */
  static show(context: InspectorContext, modelFile: string, layer?: string): InspectorPanel {
    const inspector =
      InspectorPanel.current ??
      new InspectorPanel(
        vscode.window.createWebviewPanel(
          INSPECTOR_VIEW_TYPE,
          vscode.l10n.t('Tensorscope Inspector'),
          { viewColumn: inspectorColumn(), preserveFocus: true },
          webviewOptions(context.extensionUri),
        ),
        context,
      );
    inspector.panel.reveal(undefined, true);
    inspector.connection.show(modelFile, layer);
    return inspector;
  }

  /** The model file the open inspector shows, if one is open. */
  static get shownFile(): string | undefined {
    return InspectorPanel.current?.connection.shownFile;
  }

  static registerSerializer(context: InspectorContext): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(INSPECTOR_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => {
        InspectorPanel.current?.dispose();
        const inspector = new InspectorPanel(panel, context);
        const modelFile = (state as { modelFile?: unknown } | undefined)?.modelFile;
        if (typeof modelFile === 'string') inspector.connection.show(modelFile);
      },
    });
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    context: InspectorContext,
  ) {
    InspectorPanel.current = this;
    const { webview } = panel;
    webview.options = webviewOptions(context.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'icon.png');
    this.connection = new InspectorConnection(webview, context.store, context.actions);
    this.subscriptions.push(
      this.connection,
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.connection.reset();
      }),
    );
    webview.html = renderHtml(webview, context.extensionUri, 'inspector');
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (InspectorPanel.current === this) InspectorPanel.current = undefined;
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
    this.panel.dispose();
  }
}

function inspectorColumn(): vscode.ViewColumn {
  const lossPanel = LossPanel.visibleColumn;
  return lossPanel === undefined ? vscode.ViewColumn.Beside : lossPanel + 1;
}
