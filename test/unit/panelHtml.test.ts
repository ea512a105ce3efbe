import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contentSecurityPolicy, createNonce, panelHtml } from '../../extension/host/panel/panelHtml';

const SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';

function render(nonce = 'abc123'): string {
  return panelHtml({
    cspSource: SOURCE,
    scriptUri: `${SOURCE}/ext/dist/webview.js`,
    styleUri: `${SOURCE}/ext/dist/webview.css`,
    nonce,
  });
}

describe('panel HTML', () => {
  it('allows nothing by default and no inline code or eval', () => {
    const csp = contentSecurityPolicy(SOURCE, 'abc123');
    assert.match(csp, /^default-src 'none'; /);
    assert.match(csp, /script-src 'nonce-abc123'(;|$)/);
    assert.match(csp, new RegExp(`style-src ${SOURCE.replace(/[.+]/g, '\\$&')} 'nonce-abc123'(;|$)`));
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  });

  it('puts the policy in the page and the nonce on its only script', () => {
    const html = render();
    assert.ok(html.includes(`content="${contentSecurityPolicy(SOURCE, 'abc123')}"`));
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0] ?? '', /nonce="abc123" src="[^"]+\/dist\/webview\.js"/);
    assert.doesNotMatch(html, /\sstyle=|<style/);
  });

  it('escapes what it puts in attributes', () => {
    assert.ok(render('a"b<c').includes('nonce="a&quot;b&lt;c"'));
  });

  it('makes a fresh, unguessable nonce each time', () => {
    const nonces = new Set(Array.from({ length: 50 }, createNonce));
    assert.equal(nonces.size, 50);
    for (const nonce of nonces) assert.match(nonce, /^[A-Za-z0-9+/]{24}$/);
  });
});
