/**
 * The host's side of the panel protocol, apart from any `vscode` object so it is unit-tested:
 * holds posts until the webview says `ready`, then sends a snapshot and forwards appends;
 * validates what the webview sends and turns it into PanelActions calls.
 */
import type * as vscode from 'vscode';
import { parsePanelMessage, type HostToPanel, type PanelToHost, type RunHeader } from '../../protocol/panelMessages';
import type { WithoutVersion } from '../../protocol/version';
import { WebviewChannel, type WebviewPort } from '../webviewChannel';
import type { PanelActions, RunAppend, RunFeed } from './runFeed';

/** The part of a `vscode.Webview` the connection uses. */
export type PanelPort = WebviewPort<HostToPanel>;

export class PanelConnection implements vscode.Disposable {
  private readonly channel: WebviewChannel<PanelToHost, HostToPanel>;
  private readonly subscriptions: vscode.Disposable[];

  /** `onHeader` hears the shown run's header (for the panel title) whenever it may have changed. */
  constructor(
    port: PanelPort,
    private readonly feed: RunFeed,
    private readonly actions: PanelActions,
    private readonly onHeader: (header: RunHeader | null) => void = () => undefined,
  ) {
    this.channel = new WebviewChannel(port, parsePanelMessage, 'the loss panel', {
      onReady: () => this.sendSnapshot(),
      onMessage: (message) => this.receive(message),
    });
    this.subscriptions = [
      this.channel,
      feed.onDidChangeRun(() => this.sendSnapshot()),
      feed.onDidAppend((append) => this.sendAppend(append)),
    ];
    onHeader(feed.snapshot().header);
  }

  /** The webview is being reloaded (hidden, or its HTML replaced): hold posts until it is `ready` again. */
  reset(): void {
    this.channel.reset();
  }

  dispose(): void {
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
  }

  private receive(message: Exclude<PanelToHost, { type: 'ready' }>): void {
    switch (message.type) {
      case 'stop':
        return this.actions.stop(message.runId);
      case 'openModelFile':
        return this.actions.openModelFile(message.runId);
      case 'train':
        return this.actions.train(message.modelFile);
      case 'pause':
        return this.actions.pause(message.runId);
      case 'continue':
        return this.actions.continue(message.runId);
      case 'addEpochs':
        return this.actions.addEpochs(message.runId, message.epochs);
      case 'setLearningRate':
        return this.actions.setLearningRate(message.runId, message.learningRate);
      case 'resume':
        return this.actions.resume(message.runId);
      case 'evaluate':
        return this.actions.evaluate(message.runId);
      case 'requestRange':
        return this.sendRange(message);
    }
  }

  private sendRange(request: Extract<PanelToHost, { type: 'requestRange' }>): void {
    const { runId, fromStep, toStep, maxPoints } = request;
    const batches = this.feed.range(runId, fromStep, toStep, maxPoints);
    if (batches !== undefined) this.post({ type: 'range', runId, fromStep, toStep, batches });
  }

  private sendSnapshot(): void {
    const snapshot = this.feed.snapshot();
    this.onHeader(snapshot.header);
    this.post({ type: 'snapshot', ...snapshot });
  }

  private sendAppend(append: RunAppend): void {
    this.onHeader(append.header);
    this.post({ type: 'append', ...append });
  }

  private post(message: WithoutVersion<HostToPanel>): void {
    this.channel.post(message);
  }
}
