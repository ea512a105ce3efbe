/**
 * The loss panel's HTML: one script (with a fresh nonce) and one stylesheet, both from the
 * extension's dist folder, under a strict Content-Security-Policy with no 'unsafe-inline'.
 * Pure, so the policy is unit-tested.
 *
 * Styles also accept the nonce, published in a `csp-nonce` meta tag: the UI toolkit (FAST)
 * probes `:focus-visible` support with a `<style>` element that carries that nonce, and
 * would otherwise be blocked (a CSP error on every load, and `:focus` rings on mouse clicks).
 * Its component styles use constructable stylesheets, which the CSP does not govern.
 */
import { randomBytes } from 'node:crypto';

export interface PanelHtmlParts {
  /** `webview.cspSource`: the origin the webview loads the extension's files from. */
  readonly cspSource: string;
  /** `webview.asWebviewUri(...)` of dist/webview.js and dist/webview.css, as strings. */
  readonly scriptUri: string;
  readonly styleUri: string;
  readonly nonce: string;
}

export function createNonce(): string {
  return randomBytes(18).toString('base64');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

export function panelHtml(parts: PanelHtmlParts): string {
  const csp = contentSecurityPolicy(parts.cspSource, parts.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
  <meta property="csp-nonce" content="${escapeAttribute(parts.nonce)}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${escapeAttribute(parts.styleUri)}">
  <title>Tensorscope</title>
</head>
<body>
  <div id="root"></div>
  <script nonce="${escapeAttribute(parts.nonce)}" src="${escapeAttribute(parts.scriptUri)}"></script>
</body>
</html>`;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
