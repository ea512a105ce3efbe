import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { PanelConnection, type PanelPort } from '../../extension/host/panel/panelConnection';
import type { PanelActions, RunAppend, RunFeed, RunSnapshot } from '../../extension/host/panel/runFeed';
import type { HostToPanel, RunHeader } from '../../extension/protocol/panelMessages';
import { EMPTY_COLUMNS, toBatchColumns } from '../../extension/protocol/batchColumns';

/** The least of vscode.EventEmitter the connection needs. */
function emitter<T>(): { event: vscode.Event<T>; fire(value: T): void; listeners(): number } {
  const listeners = new Set<(value: T) => void>();
  const event = ((listener: (value: T) => void) => {
    listeners.add(listener);
    return { dispose: () => listeners.delete(listener) };
  }) as vscode.Event<T>;
  return { event, fire: (value) => listeners.forEach((listener) => listener(value)), listeners: () => listeners.size };
}

const header = { runId: 'run-1', modelName: 'mlp.ts', modelFile: '/ws/mlp.ts' } as RunHeader;
const batchAt = (step: number) => ({ epoch: 1, batch: step - 1, step, time: step, logs: { loss: 1 / step } });

function setup() {
  const received = emitter<unknown>();
  const changeRun = emitter<undefined>();
  const appended = emitter<RunAppend>();
  const posted: HostToPanel[] = [];
  const calls: string[] = [];
  const headers: (RunHeader | null)[] = [];
  let snapshot: RunSnapshot = { header, batches: EMPTY_COLUMNS, epochs: [], controls: [] };
  const port: PanelPort = {
    postMessage: async (message) => (posted.push(message), true),
    onDidReceiveMessage: received.event,
  };
  const feed: RunFeed = {
    snapshot: () => snapshot,
    range: (runId, fromStep, toStep) =>
      runId === header.runId ? toBatchColumns([batchAt(fromStep), batchAt(toStep)]) : undefined,
    onDidChangeRun: changeRun.event,
    onDidAppend: appended.event,
  };
  const actions: PanelActions = {
    stop: (runId) => calls.push(`stop ${runId}`),
    openModelFile: (runId) => calls.push(`open ${runId}`),
    train: (modelFile) => calls.push(`train ${modelFile}`),
    pause: (runId) => calls.push(`pause ${runId}`),
    continue: (runId) => calls.push(`continue ${runId}`),
    addEpochs: (runId, epochs) => calls.push(`addEpochs ${runId} ${epochs}`),
    setLearningRate: (runId, learningRate) => calls.push(`setLearningRate ${runId} ${learningRate}`),
    resume: (runId) => calls.push(`resume ${runId}`),
    evaluate: (runId) => calls.push(`evaluate ${runId}`),
  };
  const connection = new PanelConnection(port, feed, actions, (h) => headers.push(h));
  const append: RunAppend = { runId: 'run-1', header, batches: EMPTY_COLUMNS, epochs: [], controls: [] };
  return {
    connection,
    posted,
    calls,
    headers,
    say: (message: unknown) => received.fire(message),
    ready: () => received.fire({ v: 1, type: 'ready' }),
    append: () => appended.fire(append),
    changeRun: (next: RunSnapshot) => ((snapshot = next), changeRun.fire(undefined)),
    listeners: () => received.listeners() + changeRun.listeners() + appended.listeners(),
  };
}

const types = (posted: HostToPanel[]): string[] => posted.map((message) => message.type);

describe('PanelConnection', () => {
  it('posts nothing until the webview is ready, then a snapshot, then appends', () => {
    const panel = setup();
    panel.append();
    panel.changeRun({ header, batches: EMPTY_COLUMNS, epochs: [], controls: [] });
    assert.deepEqual(types(panel.posted), []);
    panel.ready();
    panel.append();
    assert.deepEqual(types(panel.posted), ['snapshot', 'append']);
    assert.equal(panel.posted[0]?.v, 1);
  });

  it('sends a new snapshot when the shown run changes', () => {
    const panel = setup();
    panel.ready();
    panel.changeRun({ header: null, batches: EMPTY_COLUMNS, epochs: [], controls: [] });
    assert.deepEqual(types(panel.posted), ['snapshot', 'snapshot']);
    assert.equal(panel.posted[1]?.type === 'snapshot' && panel.posted[1].header, null);
  });

  it('holds posts again after a reset until the reloaded webview is ready', () => {
    const panel = setup();
    panel.ready();
    panel.connection.reset();
    panel.append();
    assert.deepEqual(types(panel.posted), ['snapshot']);
    panel.ready();
    assert.deepEqual(types(panel.posted), ['snapshot', 'snapshot']);
  });

  it('turns valid panel messages into actions and ignores invalid ones', () => {
    const panel = setup();
    panel.say({ v: 1, type: 'stop', runId: 'run-1' });
    panel.say({ v: 1, type: 'openModelFile', runId: 'run-1' });
    panel.say({ v: 1, type: 'train', modelFile: '/ws/mlp.ts' });
    panel.say({ v: 1, type: 'train' });
    panel.say({ v: 1, type: 'stop' });
    panel.say({ v: 2, type: 'stop', runId: 'run-1' });
    panel.say({ type: 'delete', runId: 'run-1' });
    panel.say('stop');
    assert.deepEqual(panel.calls, ['stop run-1', 'open run-1', 'train /ws/mlp.ts', 'train undefined']);
  });

  it('answers a zoomed chart’s range request with that range of the shown run, and ignores another run’s', () => {
    const panel = setup();
    panel.ready();
    panel.say({ v: 1, type: 'requestRange', runId: 'run-1', fromStep: 10, toStep: 20, maxPoints: 800 });
    panel.say({ v: 1, type: 'requestRange', runId: 'other', fromStep: 10, toStep: 20, maxPoints: 800 });
    panel.say({ v: 1, type: 'requestRange', runId: 'run-1', fromStep: 10, toStep: 20, maxPoints: 1 });
    assert.deepEqual(types(panel.posted), ['snapshot', 'range']);
    const range = panel.posted[1];
    assert.ok(range?.type === 'range');
    assert.deepEqual([...range.batches.step], [10, 20]);
  });

  it('reports the shown header for the title, from the start and on each change', () => {
    const panel = setup();
    panel.changeRun({ header: null, batches: EMPTY_COLUMNS, epochs: [], controls: [] });
    assert.deepEqual(panel.headers, [header, null]);
  });

  it('stops listening when disposed', () => {
    const panel = setup();
    panel.ready();
    panel.connection.dispose();
    assert.equal(panel.listeners(), 0);
    panel.append();
    assert.deepEqual(types(panel.posted), ['snapshot']);
  });
});
