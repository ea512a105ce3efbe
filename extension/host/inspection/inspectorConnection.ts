/**
 * The host's side of the inspector protocol, apart from any `vscode` object so it is
 * unit-tested: holds posts until the webview says `ready`, sends the shown model file's
 * state, forwards new samples of that file, and turns the webview's requests into actions.
 */
import type * as vscode from 'vscode';
import {
  parseInspectorMessage,
  type HostToInspector,
  type InspectorState,
  type InspectorToHost,
} from '../../protocol/inspectorMessages';
import type { WithoutVersion } from '../../protocol/version';
import { WebviewChannel, type WebviewPort } from '../webviewChannel';
import { fileKey, inspectorState, type InspectionChange, type InspectionStore } from './inspectionStore';

export type InspectorPort = WebviewPort<HostToInspector>;

export interface InspectorActions {
  revealLayer(modelFile: string, layer: string): void;
  applyLearningRate(modelFile: string, learningRate: number): void;
}

export class InspectorConnection implements vscode.Disposable {
  private readonly channel: WebviewChannel<InspectorToHost, HostToInspector>;
  private modelFile: string | undefined;
  private selectedLayer: string | undefined;
  private readonly subscriptions: { dispose(): void }[];

  constructor(
    port: InspectorPort,
    private readonly store: InspectionStore,
    private readonly actions: InspectorActions,
  ) {
    this.channel = new WebviewChannel(port, parseInspectorMessage, 'the inspector', {
      onReady: () => this.sendSnapshot(),
      onMessage: (message) => this.receive(message),
    });
    this.subscriptions = [this.channel, store.onDidChange((change) => this.onChange(change))];
  }

  get shownFile(): string | undefined {
    return this.modelFile;
  }

  /** Shows `modelFile` (and highlights `layer`, when given). */
  show(modelFile: string, layer?: string): void {
    const changed = this.modelFile !== fileKey(modelFile);
    this.modelFile = fileKey(modelFile);
    this.selectedLayer = layer ?? (changed ? undefined : this.selectedLayer);
    if (changed) this.sendSnapshot();
    else if (layer !== undefined) this.post({ type: 'selectLayer', layer });
  }

  /** The webview is being reloaded: hold posts until it is `ready` again. */
  reset(): void {
    this.channel.reset();
  }

  dispose(): void {
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
  }

  private state(): InspectorState | null {
    const model = this.modelFile === undefined ? undefined : this.store.get(this.modelFile);
    if (model !== undefined) return inspectorState(model);
    return this.modelFile === undefined
      ? null
      : {
          modelFile: this.modelFile,
          summary: null,
          layerStats: [],
          probe: null,
          preflight: null,
          learningRateRange: null,
        };
  }

  private receive(message: Exclude<InspectorToHost, { type: 'ready' }>): void {
    switch (message.type) {
      case 'revealLayer':
        return this.actions.revealLayer(message.modelFile, message.layer);
      case 'applyLearningRate':
        return this.actions.applyLearningRate(message.modelFile, message.learningRate);
    }
  }

  private onChange(change: InspectionChange): void {
    if (change.modelFile !== this.modelFile) return;
    if (change.kind === 'reset') this.sendSnapshot();
    else if (change.kind === 'layerStats')
      this.post({ type: 'layerStats', modelFile: change.modelFile, record: change.record });
    else this.post({ type: 'probe', modelFile: change.modelFile, record: change.record });
  }

  private sendSnapshot(): void {
    this.post({ type: 'snapshot', state: this.state() });
    if (this.selectedLayer !== undefined) this.post({ type: 'selectLayer', layer: this.selectedLayer });
  }

  private post(message: WithoutVersion<HostToInspector>): void {
    this.channel.post(message);
  }
}
