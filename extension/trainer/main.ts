/**
 * The trainer process forked by the extension host or the CLI (its supervisor). It waits for one
 * `start` message, runs it, reports over IPC, and exits. When the supervisor goes away, the IPC
 * channel disconnects and the trainer stops at the next batch and exits; if model code never
 * yields, the orphan guard thread ends the whole process group: never an orphan.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { parseHostMessage, stamp, type HostToTrainer } from '../protocol/trainerMessages';
import { BatchCoalescer, type OutgoingMessage } from './batchCoalescer';
import type { OrphanGuardData } from './orphanGuard';
import { endOpenRun, exitProcess, failOpenRun, recordProcessEnds } from './processEnd';
import { quietTensorFlowLogs } from './quietTensorFlow';
import { runQuickLook } from './quickLooks';
import { RunControl } from './runControl';
import { runTraining } from './runTraining';

const FORCED_EXIT_AFTER_DISCONNECT_MS = 5_000;

quietTensorFlowLogs();
process.setSourceMapsEnabled(true);
recordProcessEnds();

function startOrphanGuard(): Worker | undefined {
  const data: OrphanGuardData = {
    supervisorPid: process.ppid,
    graceMs: FORCED_EXIT_AFTER_DISCONNECT_MS + 1_000,
    ...(process.env.TENSORSCOPE_SCRATCH_DIR && { scratchDir: process.env.TENSORSCOPE_SCRATCH_DIR }),
  };
  try {
    const guard = new Worker(path.join(__dirname, 'orphanGuard.js'), { workerData: data });
    guard.unref();
    return guard;
  } catch {
    return undefined; // without the guard, a disconnect still stops the run at the next batch
  }
}
const orphanGuard = startOrphanGuard();

const control = new RunControl();
let started = false;

function deliver(message: OutgoingMessage): void {
  if (message.type === 'runCreated') orphanGuard?.postMessage({ runDir: message.runDir });
  if (!process.connected) return;
  try {
    process.send?.(stamp(message));
  } catch {
    // The host went away between the check and the send (EPIPE): 'disconnect' follows and stops the run.
  }
}

// Asynchronous send failures (EPIPE after the host died) arrive here; the run still ends cleanly.
process.on('error', () => undefined);

const outbox = new BatchCoalescer(deliver);

function exitAfterLastMessage(code: number): void {
  outbox.flush();
  if (!process.connected || !process.send) exitProcess(code);
  try {
    process.send(stamp({ type: 'log', level: 'info', text: 'trainer exiting' }), () => exitProcess(code));
  } catch {
    exitProcess(code);
  }
}

async function start(message: Extract<HostToTrainer, { type: 'start' }>): Promise<void> {
  started = true;
  const send = (m: OutgoingMessage) => outbox.send(m);
  const { command, modelFile, options } = message;
  if (command === 'train' || command === 'evaluate' || command === 'resume') {
    const result = await runTraining({ command, modelFile, options }, send, control);
    exitAfterLastMessage(result.status === 'failed' ? 1 : 0);
  } else {
    exitAfterLastMessage((await runQuickLook(command, modelFile, options, send, control)) ? 0 : 1);
  }
}

function handle(message: HostToTrainer): void {
  switch (message.type) {
    case 'start':
      if (!started) void start(message);
      break;
    case 'stop':
      control.stop();
      break;
    case 'pauseTraining':
      control.pause();
      break;
    case 'continueTraining':
      control.continue();
      break;
    case 'addEpochs':
      control.addEpochs(message.epochs);
      break;
    case 'setLearningRate':
      control.setLearningRate(message.learningRate);
      break;
  }
}

process.on('message', (raw: unknown) => {
  const parsed = parseHostMessage(raw);
  if (parsed.ok) handle(parsed.value);
  else deliver({ type: 'log', level: 'warning', text: `trainer ignored an invalid message: ${parsed.error}` });
});

process.on('disconnect', () => {
  control.stop();
  if (!started) exitProcess(0);
  setTimeout(() => {
    endOpenRun('stopped', null);
    exitProcess(1);
  }, FORCED_EXIT_AFTER_DISCONNECT_MS).unref();
});

// A throw from a timer or event handler of the model file: the run fails at that line, never left running.
process.on('uncaughtException', (caught) => {
  const error = failOpenRun(caught);
  if (error) deliver({ type: 'runEnded', status: 'failed', endedAt: Date.now(), error });
  else deliver({ type: 'log', level: 'warning', text: `trainer crashed: ${caught.stack ?? caught.message}` });
  exitAfterLastMessage(70);
});
