/**
 * The trainer process forked by the extension host. It waits for one `start` message, runs it,
 * reports over IPC, and exits. When the host goes away (the editor closed or crashed), the IPC
 * channel disconnects and the trainer stops at the next batch and exits: never an orphan.
 */
import { parseHostMessage, stamp, type HostToTrainer } from '../protocol/trainerMessages';
import { BatchCoalescer, type OutgoingMessage } from './batchCoalescer';
import { quietTensorFlowLogs } from './quietTensorFlow';
import { runQuickLook } from './quickLooks';
import { runTraining } from './runTraining';

const FORCED_EXIT_AFTER_DISCONNECT_MS = 5_000;

quietTensorFlowLogs();
process.setSourceMapsEnabled(true);

const stop = { requested: false };
let started = false;

function deliver(message: OutgoingMessage): void {
  if (process.connected) process.send?.(stamp(message));
}

const outbox = new BatchCoalescer(deliver);

function exitAfterLastMessage(code: number): void {
  outbox.flush();
  if (process.connected && process.send)
    process.send(stamp({ type: 'log', level: 'info', text: 'trainer exiting' }), () => process.exit(code));
  else process.exit(code);
}

async function start(message: Extract<HostToTrainer, { type: 'start' }>): Promise<void> {
  started = true;
  const send = (m: OutgoingMessage) => outbox.send(m);
  const { command, modelFile, options } = message;
  if (command === 'train' || command === 'evaluate') {
    const result = await runTraining({ command, modelFile, options }, send, stop);
    exitAfterLastMessage(result.status === 'failed' ? 1 : 0);
  } else {
    exitAfterLastMessage((await runQuickLook(command, modelFile, options, send, stop)) ? 0 : 1);
  }
}

process.on('message', (raw: unknown) => {
  const parsed = parseHostMessage(raw);
  if (!parsed.ok) {
    deliver({ type: 'log', level: 'warning', text: `trainer ignored an invalid message: ${parsed.error}` });
    return;
  }
  if (parsed.value.type === 'stop') stop.requested = true;
  else if (!started) void start(parsed.value);
});

process.on('disconnect', () => {
  stop.requested = true;
  if (!started) process.exit(0);
  setTimeout(() => process.exit(1), FORCED_EXIT_AFTER_DISCONNECT_MS).unref();
});

process.on('uncaughtException', (error) => {
  deliver({ type: 'log', level: 'warning', text: `trainer crashed: ${error.stack ?? error.message}` });
  process.exit(70);
});
