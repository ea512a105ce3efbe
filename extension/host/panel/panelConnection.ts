/**
 * The host's side of the panel protocol, apart from any `vscode` object so it is unit-tested:
 * holds posts until the webview says `ready`, then sends a snapshot and forwards appends;
 * validates what the webview sends and turns it into PanelActions calls.
 */
import type * as vscode from 'vscode';
import { parsePanelMessage, type HostToPanel, type RunHeader } from '../../protocol/panelMessages';
import { PROTOCOL_VERSION } from '../../protocol/version';
import type { PanelActions, RunAppend, RunFeed } from './runFeed';

/** The part of a `vscode.Webview` the connection uses. */
export interface PanelPort {
  postMessage(message: HostToPanel): Thenable<boolean>;
  readonly onDidReceiveMessage: vscode.Event<unknown>;
}

export class PanelConnection implements vscode.Disposable {
  private ready = false;
  private readonly subscriptions: vscode.Disposable[];

  /** `onHeader` hears the shown run's header (for the panel title) whenever it may have changed. */
  constructor(
    private readonly port: PanelPort,
    private readonly feed: RunFeed,
    private readonly actions: PanelActions,
    private readonly onHeader: (header: RunHeader | null) => void = () => undefined,
  ) {
    this.subscriptions = [
      port.onDidReceiveMessage((message) => this.receive(message)),
      feed.onDidChangeRun(() => this.sendSnapshot()),
      feed.onDidAppend((append) => this.sendAppend(append)),
    ];
    onHeader(feed.snapshot().header);
  }

  /** The webview is being reloaded (hidden, or its HTML replaced): hold posts until it is `ready` again. */
  reset(): void {
    this.ready = false;
  }

  dispose(): void {
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
  }

  private receive(value: unknown): void {
    const result = parsePanelMessage(value);
    if (!result.ok) {
      console.warn(`Tensorscope: ignored a message from the loss panel (${result.error})`);
      return;
    }
    const message = result.value;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.sendSnapshot();
        return;
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
    }
  }

  private sendSnapshot(): void {
    const snapshot = this.feed.snapshot();
    this.onHeader(snapshot.header);
    this.post({ v: PROTOCOL_VERSION, type: 'snapshot', ...snapshot });
  }

  private sendAppend(append: RunAppend): void {
    this.onHeader(append.header);
    this.post({ v: PROTOCOL_VERSION, type: 'append', ...append });
  }

  private post(message: HostToPanel): void {
    // A post to a webview that is going away may reject; the next `ready` resends everything.
    if (this.ready) this.port.postMessage(message).then(undefined, () => undefined);
  }
}
