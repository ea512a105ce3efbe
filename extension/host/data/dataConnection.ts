/**
 * The host's side of the Data view protocol, apart from any `vscode` object so it is
 * unit-tested: holds the shown state, sends it whole after `ready` and on each change, and
 * turns the webview's requests into actions.
 */
import type * as vscode from 'vscode';
import {
  parseDataViewMessage,
  type DataViewState,
  type DataViewToHost,
  type HostToDataView,
} from '../../protocol/dataViewMessages';
import { WebviewChannel, type WebviewPort } from '../webviewChannel';

export interface DataViewActions {
  refresh(modelFile: string): void;
  revealLoadData(modelFile: string): void;
}

export class DataConnection implements vscode.Disposable {
  private readonly channel: WebviewChannel<DataViewToHost, HostToDataView>;
  private state: DataViewState | null = null;

  constructor(port: WebviewPort<HostToDataView>, actions: DataViewActions) {
    this.channel = new WebviewChannel(port, parseDataViewMessage, 'the Data view', {
      onReady: () => this.send(),
      onMessage: (message) =>
        message.type === 'refresh' ? actions.refresh(message.modelFile) : actions.revealLoadData(message.modelFile),
    });
  }

  get shown(): DataViewState | null {
    return this.state;
  }

  show(state: DataViewState): void {
    this.state = state;
    this.send();
  }

  /** The webview is being reloaded: hold posts until it is `ready` again. */
  reset(): void {
    this.channel.reset();
  }

  dispose(): void {
    this.channel.dispose();
  }

  private send(): void {
    this.channel.post({ type: 'snapshot', state: this.state });
  }
}
