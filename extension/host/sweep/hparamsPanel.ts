/**
 * The HParams view of one sweep. Follows the sweep's files (every second while it is shown),
 * posts them once the webview is `ready`, and carries out its requests: open or compare
 * trials, Apply Best, Stop, open sweep.json.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseHparamsMessage, type HostToHparams, type HparamsToHost } from '../../protocol/hparamsMessages';
import { SWEEP_FILE } from '../../sweep/sweepStore';
import { modelDisplayName } from '../modelDisplayName';
import { renderHtml, webviewOptions } from '../webviewHtml';
import { WebviewChannel } from '../webviewChannel';
import { applyBest } from './applyBest';
import { SweepFollower, type SweepSnapshot } from './sweepFollower';

export const HPARAMS_VIEW_TYPE = 'tensorscope.hparams';
const POLL_MS = 1_000;

export interface HparamsActions {
  /** The sweep this window is running, if it is this one. */
  isRunning(sweepDir: string): boolean;
  stop(sweepDir: string): void;
}

export class HparamsPanel implements vscode.Disposable {
  private static current: HparamsPanel | undefined;
  private readonly channel: WebviewChannel<HparamsToHost, HostToHparams>;
  private follower: SweepFollower;
  private snapshot: SweepSnapshot | undefined;
  private readonly timer: NodeJS.Timeout;
  private readonly subscriptions: vscode.Disposable[] = [];

  static show(extensionUri: vscode.Uri, sweepDir: string, actions: HparamsActions): HparamsPanel {
    const panel =
      HparamsPanel.current ??
      new HparamsPanel(
        vscode.window.createWebviewPanel(
          HPARAMS_VIEW_TYPE,
          vscode.l10n.t('Sweep'),
          vscode.ViewColumn.Active,
          webviewOptions(extensionUri),
        ),
        extensionUri,
        sweepDir,
        actions,
      );
    panel.follow(sweepDir);
    panel.panel.reveal(undefined, false);
    return panel;
  }

  /** Re-reads the sweep now (it started, ended or was stopped). */
  static refresh(): void {
    HparamsPanel.current?.poll(true);
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    sweepDir: string,
    private readonly actions: HparamsActions,
  ) {
    HparamsPanel.current = this;
    this.follower = new SweepFollower(sweepDir);
    this.channel = new WebviewChannel(panel.webview, parseHparamsMessage, 'the HParams view', {
      onReady: () => this.poll(true),
      onMessage: (message) => void this.receive(message),
    });
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    this.timer = setInterval(() => {
      if (panel.visible) this.poll(false);
    }, POLL_MS);
    this.subscriptions.push(
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.channel.reset();
      }),
      this.channel,
    );
    panel.webview.html = renderHtml(panel.webview, extensionUri, 'hparams');
  }

  dispose(): void {
    if (HparamsPanel.current === this) HparamsPanel.current = undefined;
    clearInterval(this.timer);
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
    this.panel.dispose();
  }

  private follow(sweepDir: string): void {
    if (this.follower.sweepDir !== sweepDir) {
      this.follower = new SweepFollower(sweepDir);
      this.snapshot = undefined;
    }
    this.poll(true);
  }

  /** Posts the sweep when it changed, or always when `force` (the webview reloaded, the sweep ended). */
  private poll(force: boolean): void {
    const changed = this.follower.poll();
    if (changed) this.snapshot = changed;
    if (!this.snapshot || (!changed && !force)) return;
    const { record, curves } = this.snapshot;
    const modelName = modelDisplayName(record.modelFile);
    this.panel.title = vscode.l10n.t('Sweep: {0}', modelName);
    this.channel.post({
      type: 'sweep',
      record,
      modelName,
      curves,
      running: this.actions.isRunning(this.follower.sweepDir),
    });
  }

  private async receive(message: Exclude<HparamsToHost, { type: 'ready' }>): Promise<void> {
    const record = this.snapshot?.record;
    if (!record) return;
    const runDirOf = (index: number) => record.trials.find((t) => t.index === index)?.runDir ?? null;
    switch (message.type) {
      case 'applyBest':
        if (record.best) await applyBest(record.modelFile, record.best.params);
        return;
      case 'openTrial': {
        const runDir = runDirOf(message.index);
        if (runDir) await vscode.commands.executeCommand('tensorscope.history.openFolder', runDir);
        return;
      }
      case 'compareTrials': {
        const runDirs = message.indices.map(runDirOf).filter((dir): dir is string => dir !== null);
        if (runDirs.length > 0) await vscode.commands.executeCommand('tensorscope.history.compareFolders', runDirs);
        return;
      }
      case 'stop':
        this.actions.stop(this.follower.sweepDir);
        return;
      case 'openRecord':
        await vscode.window.showTextDocument(vscode.Uri.file(path.join(this.follower.sweepDir, SWEEP_FILE)));
        return;
    }
  }
}
