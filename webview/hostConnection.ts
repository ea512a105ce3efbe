/**
 * The webview's side of the host connection: the only place that calls `acquireVsCodeApi`.
 * Sends protocol messages only, and validates every message it receives.
 */
import { parseHostToPanelMessage, type HostToPanel, type PanelToHost } from '../extension/protocol/panelMessages';
import type { Result } from '../extension/protocol/schema';
import { stamp, type WithoutVersion } from '../extension/protocol/version';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface HostConnection<Out extends { type: string } = PanelToHost> {
  /** Sends a protocol message; the connection stamps the protocol version (no call site writes it). */
  post(message: WithoutVersion<Out>): void;
  /** What `saveState` stored before the webview was last reloaded, if anything. */
  readonly savedState: unknown;
  saveState(state: unknown): void;
}

export function connectToHost(onMessage: (message: HostToPanel) => void): HostConnection {
  return connectWebview<HostToPanel, PanelToHost>(parseHostToPanelMessage, onMessage, 'panel');
}

/** Any webview app's connection: `parse` validates what the host sends (the inspector uses it too). */
export function connectWebview<In, Out extends { type: string }>(
  parse: (value: unknown) => Result<In>,
  onMessage: (message: In) => void,
  name: string,
): HostConnection<Out> {
  const api = acquireVsCodeApi();
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const result = parse(event.data);
    if (result.ok) onMessage(result.value);
    else console.warn(`Tensorscope ${name}: ignored a message from the host (${result.error})`);
  });
  return {
    post: (message) => api.postMessage(stamp(message)),
    savedState: api.getState(),
    saveState: (state) => api.setState(state),
  };
}
