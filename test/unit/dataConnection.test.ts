import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { DataConnection } from '../../extension/host/data/dataConnection';
import type { WebviewPort } from '../../extension/host/webviewChannel';
import type { DataViewState, HostToDataView } from '../../extension/protocol/dataViewMessages';
import { PROTOCOL_VERSION } from '../../extension/protocol/version';

const FILE = '/ws/model.ts';
const state: DataViewState = { modelFile: FILE, origin: 'live run', status: 'failed', report: null, error: 'x' };

function setup() {
  const listeners = new Set<(value: unknown) => void>();
  const posted: HostToDataView[] = [];
  const port: WebviewPort<HostToDataView> = {
    postMessage: async (message) => (posted.push(message), true),
    onDidReceiveMessage: ((listener: (value: unknown) => void) => {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    }) as vscode.Event<unknown>,
  };
  const calls: string[] = [];
  const connection = new DataConnection(port, {
    refresh: (file) => calls.push(`refresh ${file}`),
    revealLoadData: (file) => calls.push(`reveal ${file}`),
  });
  const send = (message: unknown) => listeners.forEach((listener) => listener(message));
  return { connection, posted, calls, send };
}

describe('Data view connection', () => {
  it('holds the state until the webview is ready, then sends it whole, again after a reload', () => {
    const { connection, posted, send } = setup();
    connection.show(state);
    assert.equal(posted.length, 0);
    send({ v: PROTOCOL_VERSION, type: 'ready' });
    assert.deepEqual(posted, [{ v: PROTOCOL_VERSION, type: 'snapshot', state }]);
    connection.reset();
    connection.show({ ...state, origin: 'run 1' });
    assert.equal(posted.length, 1, 'held while reloading');
    send({ v: PROTOCOL_VERSION, type: 'ready' });
    assert.equal(posted[1]?.state?.origin, 'run 1');
  });

  it('turns the webview’s requests into actions and drops invalid ones', () => {
    const { calls, send } = setup();
    send({ v: PROTOCOL_VERSION, type: 'refresh', modelFile: FILE });
    send({ v: PROTOCOL_VERSION, type: 'revealLoadData', modelFile: FILE });
    send({ v: PROTOCOL_VERSION, type: 'refresh' });
    assert.deepEqual(calls, [`refresh ${FILE}`, `reveal ${FILE}`]);
  });
});
