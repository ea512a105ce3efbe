import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { InspectionStore } from '../../extension/host/inspection/inspectionStore';
import { InspectorConnection, type InspectorPort } from '../../extension/host/inspection/inspectorConnection';
import type { LayerStatsRecord } from '../../extension/protocol/inspection';
import type { HostToInspector } from '../../extension/protocol/inspectorMessages';
import type { ModelSummary } from '../../extension/protocol/model';
import type { TrainerToHost } from '../../extension/protocol/trainerMessages';

const FILE = '/ws/model.ts';
const summary: ModelSummary = { name: 'm', layers: [], totalParams: 0, trainableParams: 0 };
const sample = (step: number): LayerStatsRecord => ({ step, epoch: 1, time: step, layers: [] });

function setup() {
  const listeners = new Set<(value: unknown) => void>();
  const port: InspectorPort = {
    postMessage: async (message) => (posted.push(message), true),
    onDidReceiveMessage: ((listener: (value: unknown) => void) => {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    }) as vscode.Event<unknown>,
  };
  const posted: HostToInspector[] = [];
  const calls: string[] = [];
  const store = new InspectionStore();
  const connection = new InspectorConnection(port, store, {
    revealLayer: (file, layer) => calls.push(`reveal ${file} ${layer}`),
    applyLearningRate: (file, rate) => calls.push(`apply ${file} ${rate}`),
  });
  const send = (message: unknown) => listeners.forEach((listener) => listener(message));
  return { store, connection, posted, calls, send };
}

describe('inspector connection', () => {
  it('holds posts until ready, then sends the snapshot and the selected layer', () => {
    const { connection, posted, send, store } = setup();
    store.setDryBuild(FILE, summary);
    connection.show(FILE, 'dense_1');
    assert.equal(posted.length, 0);
    send({ v: 1, type: 'ready' });
    assert.deepEqual(
      posted.map((message) => message.type),
      ['snapshot', 'selectLayer'],
    );
    const snapshot = posted[0];
    assert.equal(snapshot?.type === 'snapshot' && snapshot.state?.summary, summary);
  });

  it('forwards samples and probes of the shown file only; a new run resends the snapshot', () => {
    const { connection, posted, send, store } = setup();
    connection.show(FILE);
    send({ v: 1, type: 'ready' });
    posted.length = 0;
    const layerStats = { v: 1, type: 'layerStats', record: sample(50) } as TrainerToHost;
    store.apply(layerStats, FILE);
    store.apply(layerStats, '/ws/other.ts');
    store.runStarted(FILE);
    assert.deepEqual(
      posted.map((message) => message.type),
      ['layerStats', 'snapshot'],
    );
  });

  it('validates what the webview sends and turns it into actions', () => {
    const { connection, calls, send } = setup();
    connection.show(FILE);
    send({ v: 1, type: 'revealLayer', modelFile: FILE, layer: 'conv' });
    send({ v: 1, type: 'applyLearningRate', modelFile: FILE, learningRate: 0.003 });
    send({ v: 1, type: 'applyLearningRate', modelFile: FILE, learningRate: 'lots' });
    send({ v: 1, type: 'runShell', command: 'rm' });
    assert.deepEqual(calls, [`reveal ${FILE} conv`, `apply ${FILE} 0.003`]);
  });
});

describe('inspection store', () => {
  it('keeps the live run summary over a dry build, and a bounded sample history', () => {
    const store = new InspectionStore();
    store.runStarted(FILE);
    store.apply({ v: 1, type: 'trainingStarted', summary } as TrainerToHost, FILE);
    store.setDryBuild(FILE, { ...summary, name: 'dry' });
    assert.equal(store.get(FILE)?.summary?.name, 'm');
    for (let step = 0; step < 250; step++)
      store.apply({ v: 1, type: 'layerStats', record: sample(step) } as TrainerToHost, FILE);
    assert.equal(store.get(FILE)?.records.length, 200);
    assert.equal(store.get(FILE)?.records[0]?.step, 50);
    store.apply({ v: 1, type: 'runEnded', status: 'completed', endedAt: 1 } as TrainerToHost, FILE);
    store.setDryBuild(FILE, { ...summary, name: 'dry' });
    assert.equal(store.get(FILE)?.summary?.name, 'dry');
  });
});
