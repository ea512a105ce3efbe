/** The host's webview channel stamps the protocol version on what it posts, in one place. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WebviewChannel, type WebviewPort } from '../../extension/host/webviewChannel';
import { parseCompareMessage, type CompareToHost, type HostToCompare } from '../../extension/protocol/compareMessages';
import { PROTOCOL_VERSION, type WithoutVersion } from '../../extension/protocol/version';

describe('WebviewChannel', () => {
  it('posts with the protocol version stamped, once the webview is ready', async () => {
    const posted: unknown[] = [];
    let receive: (value: unknown) => void = () => undefined;
    const port: WebviewPort<HostToCompare> = {
      postMessage: async (message) => {
        posted.push(message);
        return true;
      },
      onDidReceiveMessage: (listener) => {
        receive = listener;
        return { dispose: () => undefined };
      },
    };
    const message: WithoutVersion<HostToCompare> = { type: 'compare', runs: [], sections: [] };
    const channel = new WebviewChannel<CompareToHost, HostToCompare>(port, parseCompareMessage, 'a test', {
      onReady: () => channel.post(message),
      onMessage: () => undefined,
    });
    channel.post(message); // not ready yet: held back
    assert.deepEqual(posted, []);
    receive({ v: PROTOCOL_VERSION, type: 'ready' });
    assert.deepEqual(posted, [{ ...message, v: PROTOCOL_VERSION }]);
    channel.dispose();
  });
});
