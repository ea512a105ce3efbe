/**
 * The Data view: a webview panel beside the editor showing what a model file's loadData()
 * returns (or what a run recorded of it). Like the inspector it reloads when shown again and
 * gets the whole state after `ready`.
 */
import * as vscode from 'vscode';
import type { DataViewState } from '../../protocol/dataViewMessages';
import { renderHtml, webviewOptions } from '../webviewHtml';
import { DataConnection, type DataViewActions } from './dataConnection';

export const DATA_VIEW_TYPE = 'tensorscope.data';

export class DataPanel implements vscode.Disposable {
  private static current: DataPanel | undefined;
  private readonly connection: DataConnection;
  private readonly subscriptions: vscode.Disposable[] = [];
  private disposed = false;

  /** Shows `state` beside the editor, creating the panel if needed, without taking focus. */
  static show(extensionUri: vscode.Uri, actions: DataViewActions, state: DataViewState): void {
    const view =
      DataPanel.current ??
      new DataPanel(
        vscode.window.createWebviewPanel(
          DATA_VIEW_TYPE,
          vscode.l10n.t('Tensorscope Data'),
          { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
          webviewOptions(extensionUri),
        ),
        extensionUri,
        actions,
      );
    view.panel.reveal(undefined, true);
    view.connection.show(state);
  }

  /** The state shown, if the view is open. */
  static get shown(): DataViewState | null {
    return DataPanel.current?.connection.shown ?? null;
  }

  /** Updates the open view, if it shows `modelFile`. */
  static update(state: DataViewState): void {
    if (DataPanel.current?.connection.shown?.modelFile === state.modelFile) DataPanel.current.connection.show(state);
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    actions: DataViewActions,
  ) {
    DataPanel.current = this;
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    this.connection = new DataConnection(panel.webview, actions);
    this.subscriptions.push(
      this.connection,
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.connection.reset();
      }),
    );
    panel.webview.html = renderHtml(panel.webview, extensionUri, 'data');
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (DataPanel.current === this) DataPanel.current = undefined;
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
    this.panel.dispose();
  }
}
