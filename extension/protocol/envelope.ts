/** Pieces every message family shares: the version field and the webviews' ready handshake. */
import { literal, object } from './schema';
import { PROTOCOL_VERSION } from './version';

/** Every message carries the protocol version; a message of another version is rejected. */
export const v = literal(PROTOCOL_VERSION);

/** Sent by a webview once it has loaded: the host holds its posts until then and answers with the full state. */
export const readyMessageSchema = object({ v, type: literal('ready') });
