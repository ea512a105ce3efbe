/**
 * Debian's Chromium, headless, as the e2e tests and the panel benchmark launch it: without the
 * background networking that a closed network refuses (see shared/notes/code-server.md).
 */
export const CHROMIUM_PATH = process.env.TENSORSCOPE_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
