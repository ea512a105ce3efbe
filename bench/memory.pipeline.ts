/**
 * The extension host's path for trainer messages, without VS Code, for the robustness benchmarks:
 * a structured-clone round trip (what Node IPC with `serialization: 'advanced'` does), the
 * protocol validator, and the real LiveRun (its only use of `vscode`, EventEmitter, is stubbed).
 */
import Module from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import type { LiveRun } from '../extension/host/liveRun';
import { columnLength } from '../extension/protocol/batchColumns';
import {
  parseTrainerMessage,
  stamp,
  type TrainerToHost,
  type WithoutVersion,
} from '../extension/protocol/trainerMessages';

class StubEmitter<T> {
  private readonly listeners = new Set<(value: T) => void>();
  readonly event = (listener: (value: T) => void) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(value: T): void {
    for (const listener of this.listeners) listener(value);
  }

  dispose(): void {
    this.listeners.clear();
  }
}

const vscodeStub = { EventEmitter: StubEmitter };

function installVscodeStub(): void {
  const loader = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
  const original = loader._load;
  if ((original as { stubbed?: boolean }).stubbed) return;
  const load = function (this: unknown, request: string, ...rest: unknown[]) {
    return request === 'vscode' ? vscodeStub : original.call(this, request, ...rest);
  };
  loader._load = Object.assign(load, { stubbed: true });
}

export function createLiveRun(): LiveRun {
  installVscodeStub();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the vscode stub is in place
  const { LiveRun: LiveRunClass } = require('../extension/host/liveRun') as { LiveRun: new () => LiveRun };
  return new LiveRunClass();
}

/** Starts a run in the LiveRun, as the trainer's first message does. */
export function startRun(liveRun: LiveRun, runId: string): void {
  receive(liveRun, {
    type: 'runCreated',
    runId,
    runDir: `/tmp/${runId}`,
    modelFile: `/tmp/${runId}/model.ts`,
    command: 'train',
    startedAt: Date.now(),
  });
}

/** Counts what the panel would be sent. */
export interface PanelCounter {
  appends: number;
  batches: number;
}

export function watchPanel(liveRun: LiveRun): PanelCounter {
  const counter = { appends: 0, batches: 0 };
  liveRun.onDidAppend((append) => {
    counter.appends++;
    counter.batches += columnLength(append.batches);
  });
  return counter;
}

/** One message from the trainer, as the host receives it: cloned across the process boundary, then validated. */
export function receive(liveRun: LiveRun, message: WithoutVersion<TrainerToHost>): void {
  const parsed = parseTrainerMessage(v8.deserialize(v8.serialize(stamp(message))));
  if (!parsed.ok) throw new Error(parsed.error);
  liveRun.apply(parsed.value);
}

export const RESULTS_FILE = path.join(__dirname, 'results', 'robustness.json');

/** Merges one benchmark's figures into bench/results/robustness.json under its own key. */
export function saveResults(key: string, figures: Record<string, unknown>): void {
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(fs.readFileSync(RESULTS_FILE, 'utf8')) as Record<string, unknown>;
  } catch {
    // first run
  }
  all[key] = figures;
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(all, null, 2)}\n`);
}

export const MB = 1024 * 1024;
