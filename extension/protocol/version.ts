/** Bumped on any incompatible change to a message or record shape. */
export const PROTOCOL_VERSION = 1;
