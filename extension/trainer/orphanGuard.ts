/**
 * A worker thread of the trainer (its own bundle, `dist/orphanGuard.js`) that ends the trainer
 * when its supervisor (the editor's extension host, or the CLI) dies. The main thread notices a
 * closed IPC channel only between batches; model code stuck in a busy loop never yields, but this
 * thread still runs. After a grace period for a clean stop it records the run as stopped, releases
 * the run's lock, removes the trainer's scratch folder and kills the trainer's whole process tree,
 * itself included.
 */
import * as fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { thisProcess } from '../runs/processIdentity';
import { releaseLockOf } from '../runs/runLock';
import { recordProcessEnd } from '../runs/runWriter';
import { killOwnDescendants, killProcessGroup } from '../supervisor/processTree';

export interface OrphanGuardData {
  supervisorPid: number;
  graceMs: number;
  scratchDir?: string;
}

const POLL_MS = 250;
const { supervisorPid, graceMs, scratchDir } = workerData as OrphanGuardData;
let runDir: string | undefined;

parentPort?.on('message', (message: { runDir?: string }) => {
  runDir = message.runDir;
});

function endTrainer(): void {
  if (runDir) {
    recordProcessEnd(runDir, {
      status: 'stopped',
      error: null,
      exit: {
        reason:
          'The trainer’s supervisor (the editor or the CLI) went away and the model code did not yield; the trainer was ended.',
        code: null,
        signal: 'SIGKILL',
        outputTail: '',
      },
    });
    // SIGKILL runs no exit handler: the lock this process holds is released here, or never.
    releaseLockOf(runDir, thisProcess());
  }
  if (scratchDir) fs.rmSync(scratchDir, { recursive: true, force: true });
  killOwnDescendants();
  killProcessGroup(process.pid);
  process.kill(process.pid, 'SIGKILL');
}

const watch = setInterval(() => {
  if (process.ppid === supervisorPid) return;
  clearInterval(watch);
  setTimeout(endTrainer, graceMs);
}, POLL_MS);
