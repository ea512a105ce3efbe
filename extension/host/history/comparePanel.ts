/**
 * The Compare Runs panel: one webview showing the chosen runs' loss curves overlaid and a
 * table of their configs, results and git state. Holds posts until the webview says `ready`,
 * re-reads the runs on `refresh()` (a compared run may still be training). The compared run
 * folders are kept in the workspace state, so the panel comes back after a reload.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { parseCompareMessage, type CompareToHost, type HostToCompare } from '../../protocol/compareMessages';
import type { WithoutVersion } from '../../protocol/version';
import { readRunForView } from '../../runs/runOverview';
import type { RunContents } from '../../runs/runReader';
import { WebviewChannel } from '../webviewChannel';
import { renderHtml, webviewOptions } from '../webviewHtml';
import { compareMessage } from './compareData';

export const COMPARE_PANEL_VIEW_TYPE = 'tensorscope.comparePanel';
const COMPARED_RUNS_KEY = 'tensorscope.compare.runDirs';

export interface CompareActions {
  openRun(runDir: string): void;
  showDiff(runDir: string, run: RunContents): void;
}

export class ComparePanel implements vscode.Disposable {
  private static current: ComparePanel | undefined;
  /** Where the compared run folders are remembered for the serializer (the workspace state). */
  private static memory: vscode.Memento | undefined;
  private readonly channel: WebviewChannel<CompareToHost, HostToCompare>;
  private runDirs: readonly string[] = [];
  private shown: { dir: string; run: RunContents }[] = [];
  private readonly subscriptions: vscode.Disposable[] = [];

  /** Shows the given runs (replacing what the panel showed), creating the panel if needed. */
  static show(extensionUri: vscode.Uri, runDirs: readonly string[], actions: CompareActions): ComparePanel {
    const panel =
      ComparePanel.current ??
      new ComparePanel(
        vscode.window.createWebviewPanel(
          COMPARE_PANEL_VIEW_TYPE,
          vscode.l10n.t('Compare Runs'),
          vscode.ViewColumn.Active,
          webviewOptions(extensionUri),
        ),
        extensionUri,
        actions,
      );
    panel.setRuns(runDirs);
    panel.panel.reveal(undefined, false);
    return panel;
  }

  /** Restores the panel VS Code had open before a reload, with the runs it compared. */
  static registerSerializer(
    extensionUri: vscode.Uri,
    memory: vscode.Memento,
    actions: CompareActions,
  ): vscode.Disposable {
    ComparePanel.memory = memory;
    return vscode.window.registerWebviewPanelSerializer(COMPARE_PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel) => {
        ComparePanel.current?.dispose();
        panel.webview.options = webviewOptions(extensionUri);
        const remembered = memory.get<string[]>(COMPARED_RUNS_KEY, []);
        new ComparePanel(panel, extensionUri, actions).setRuns(remembered.filter((dir) => fs.existsSync(dir)));
      },
    });
  }

  /** Re-reads the shown runs, if the panel is open. */
  static refresh(): void {
    ComparePanel.current?.setRuns(ComparePanel.current.runDirs);
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly actions: CompareActions,
  ) {
    ComparePanel.current = this;
    this.channel = new WebviewChannel(panel.webview, parseCompareMessage, 'the compare panel', {
      onReady: () => this.post(this.message()),
      onMessage: (message) => this.receive(message),
    });
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    this.subscriptions.push(
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.channel.reset();
      }),
      this.channel,
    );
    panel.webview.html = renderHtml(panel.webview, extensionUri, 'compare');
  }

  dispose(): void {
    if (ComparePanel.current === this) ComparePanel.current = undefined;
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
    this.panel.dispose();
  }

  /** Reads the runs off the host's hot path (streamed, downsampled); a later call supersedes a read in flight. */
  private setRuns(runDirs: readonly string[]): void {
    this.runDirs = runDirs;
    void ComparePanel.memory?.update(COMPARED_RUNS_KEY, runDirs);
    void this.readRuns(runDirs);
  }

  private async readRuns(runDirs: readonly string[]): Promise<void> {
    const read = await Promise.all(
      runDirs.map(async (dir) => ({ dir, run: await readRunForView(dir).catch(() => undefined) })),
    );
    if (this.runDirs !== runDirs) return;
    this.shown = read.flatMap(({ dir, run }) => (run ? [{ dir, run }] : []));
    this.panel.title = vscode.l10n.t('Compare {0} Runs', this.shown.length);
    this.post(this.message());
  }

  private receive(message: Exclude<CompareToHost, { type: 'ready' }>): void {
    const target = this.shown.find(({ run }) => run.info.runId === message.runId);
    if (target === undefined) return;
    if (message.type === 'showDiff') this.actions.showDiff(target.dir, target.run);
    else this.actions.openRun(target.dir);
  }

  private message(): WithoutVersion<HostToCompare> {
    return compareMessage(this.shown.map(({ run }) => run));
  }

  private post(message: WithoutVersion<HostToCompare>): void {
    this.channel.post(message);
  }
}
