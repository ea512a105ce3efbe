/**
 * The live loss panel: one webview panel beside the editor, restored after a reload by its
 * serializer. It shows what the RunFeed holds and sends the user's clicks to PanelActions.
 * The webview is not kept alive while hidden: it reloads when shown, says `ready`, and gets
 * a fresh snapshot (its view choices come back from its own `setState`).
 */
import * as vscode from 'vscode';
import type { RunHeader } from '../../protocol/panelMessages';
import { PanelConnection } from './panelConnection';
import type { PanelActions, RunFeed } from './runFeed';
import { renderHtml, webviewOptions } from '../webviewHtml';

export const LOSS_PANEL_VIEW_TYPE = 'tensorscope.lossPanel';

export class LossPanel implements vscode.Disposable {
  private static current: LossPanel | undefined;
  private readonly connection: PanelConnection;
  private readonly subscriptions: vscode.Disposable[] = [];
  private disposed = false;

  /** Shows the panel beside the active editor without taking focus, creating it if needed. */
  static show(context: vscode.ExtensionContext, feed: RunFeed, actions: PanelActions): LossPanel {
    const existing = LossPanel.current;
    if (existing !== undefined) {
      existing.panel.reveal(undefined, true);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      LOSS_PANEL_VIEW_TYPE,
      panelTitle(null),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      webviewOptions(context.extensionUri),
    );
    return new LossPanel(panel, context.extensionUri, feed, actions);
  }

  /** The editor column the loss panel shows in, when it is open and visible. */
  static get visibleColumn(): vscode.ViewColumn | undefined {
    const panel = LossPanel.current?.panel;
    return panel?.visible ? panel.viewColumn : undefined;
  }

  /** Restores the panel VS Code had open before a reload; call once on activation. */
  static registerSerializer(context: vscode.ExtensionContext, feed: RunFeed, actions: PanelActions): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(LOSS_PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel) => {
        LossPanel.current?.dispose();
        new LossPanel(panel, context.extensionUri, feed, actions);
      },
    });
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    feed: RunFeed,
    actions: PanelActions,
  ) {
    LossPanel.current = this;
    const { webview } = panel;
    webview.options = webviewOptions(extensionUri);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    this.connection = new PanelConnection(webview, feed, actions, (header) => this.setTitle(header));
    this.subscriptions.push(
      this.connection,
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.connection.reset();
      }),
    );
    webview.html = renderHtml(webview, extensionUri);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (LossPanel.current === this) LossPanel.current = undefined;
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
    this.panel.dispose();
  }

  private setTitle(header: RunHeader | null): void {
    const title = panelTitle(header);
    if (this.panel.title !== title) this.panel.title = title;
  }
}

function panelTitle(header: RunHeader | null): string {
  return header === null ? 'Tensorscope' : vscode.l10n.t('Tensorscope: {0}', header.modelName);
}
