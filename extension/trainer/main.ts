/**
 * The trainer process forked by the extension host. It waits for one `start` message, runs it,
 * reports over IPC, and exits. When the host goes away (the editor closed or crashed), the IPC
 * channel disconnects and the trainer stops at the next batch and exits: never an orphan.
 */
import { parseHostMessage, stamp, type HostToTrainer } from '../protocol/trainerMessages';
import { BatchCoalescer, type OutgoingMessage } from './batchCoalescer';
import { quietTensorFlowLogs } from './quietTensorFlow';
import { runQuickLook } from './quickLooks';
import { RunControl } from './runControl';
import { runTraining } from './runTraining';

const FORCED_EXIT_AFTER_DISCONNECT_MS = 5_000;

quietTensorFlowLogs();
process.setSourceMapsEnabled(true);

const control = new RunControl();
let started = false;

function deliver(message: OutgoingMessage): void {
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
  if (!process.connected || !process.send) process.exit(code);
  try {
    process.send(stamp({ type: 'log', level: 'info', text: 'trainer exiting' }), () => process.exit(code));
  } catch {
    process.exit(code);
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
  if (!started) process.exit(0);
  setTimeout(() => process.exit(1), FORCED_EXIT_AFTER_DISCONNECT_MS).unref();
});

process.on('uncaughtException', (error) => {
  deliver({ type: 'log', level: 'warning', text: `trainer crashed: ${error.stack ?? error.message}` });
  process.exit(70);
});
