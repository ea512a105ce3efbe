/**
 * The host's end of a webview's message channel, shared by the loss panel, the inspector and the
 * compare panel: messages from the webview are validated (invalid ones are logged and dropped),
 * posts wait until the webview says `ready` (and again after it reloads), and the webview's
 * `ready` is answered by `onReady` with the full state. Rejected messages are reported to the
 * Tensorscope output channel (`activate` connects it), never to the developer console.
 */
import type * as vscode from 'vscode';
import type { Result } from '../protocol/schema';
import { stamp, type WithoutVersion } from '../protocol/version';

/** The part of a `vscode.Webview` a channel uses. */
export interface WebviewPort<Out> {
  postMessage(message: Out): Thenable<boolean>;
  readonly onDidReceiveMessage: vscode.Event<unknown>;
}

export interface ChannelHandlers<In> {
  /** The webview loaded (or reloaded): post its full state. */
  onReady(): void;
  onMessage(message: Exclude<In, { type: 'ready' }>): void;
}

let reportRejected: (text: string) => void = () => undefined;

/** Where every channel reports the messages it rejects (the Tensorscope output channel). */
export function reportRejectedMessagesTo(report: (text: string) => void): void {
  reportRejected = report;
}

export class WebviewChannel<In extends { type: string }, Out extends { type: string }> implements vscode.Disposable {
  private ready = false;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly port: WebviewPort<Out>,
    parse: (value: unknown) => Result<In>,
    /** Names the webview in the log, e.g. "the loss panel". */
    webviewName: string,
    handlers: ChannelHandlers<In>,
  ) {
    this.subscription = port.onDidReceiveMessage((value) => {
      const result = parse(value);
      if (!result.ok) {
        reportRejected(`ignored a message from ${webviewName} (${result.error})`);
        return;
      }
      if (result.value.type === 'ready') {
        this.ready = true;
        handlers.onReady();
      } else handlers.onMessage(result.value as Exclude<In, { type: 'ready' }>);
    });
  }

  /** The webview is being reloaded (hidden, or its HTML replaced): hold posts until it is `ready` again. */
  reset(): void {
    this.ready = false;
  }

  /** Sends a message once the webview is ready; the channel stamps the protocol version (no call site writes it). */
  post(message: WithoutVersion<Out>): void {
    // A post to a webview that is going away may reject; the next `ready` resends everything.
    if (this.ready) this.port.postMessage(stamp(message) as Out).then(undefined, () => undefined);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
