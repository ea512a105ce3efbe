/** Bumped on any incompatible change to a message or record shape. */
export const PROTOCOL_VERSION = 1;

/** A message as its sender writes it: the channel that sends it stamps the version. */
export type WithoutVersion<M> = M extends unknown ? Omit<M, 'v'> : never;

/** The one place a message gets the protocol version (trainer IPC, webview channels, the webviews' host connection). */
export function stamp<M extends { type: string }>(message: M): M & { v: typeof PROTOCOL_VERSION } {
  return { ...message, v: PROTOCOL_VERSION };
}
