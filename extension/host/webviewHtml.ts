/**
 * What every Tensorscope webview (loss panel, inspector, compare, data, hparams) is given: scripts on with only
 * the extension's dist and media folders readable, and the HTML that loads its bundle from dist/
 * under the strict Content-Security-Policy of panel/panelHtml.ts.
 */
import * as vscode from 'vscode';
import { createNonce, panelHtml } from './panel/panelHtml';

/** The webview bundles esbuild.js writes to dist/<name>.js and dist/<name>.css. */
export type WebviewBundle = 'webview' | 'inspector' | 'compare' | 'data' | 'hparams';

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export function renderHtml(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  bundle: WebviewBundle = 'webview',
): string {
  const asset = (name: string): string =>
    webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', name)).toString();
  return panelHtml({
    cspSource: webview.cspSource,
    scriptUri: asset(`${bundle}.js`),
    styleUri: asset(`${bundle}.css`),
    nonce: createNonce(),
  });
}
