/**
 * Writes one run's folder as training goes. `metrics.jsonl` is append-only: lines are
 * buffered briefly and appended whole, so a reader (or a crash) never sees half a record.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { appendWhole, writeFileAtomic } from './atomicWrite';
import { RunLock } from './runLock';
import { DISK_FULL_HINT, diskFullError, isDiskFull } from './diskFull';
import type { LongTexts } from './boundedRecord';
import {
  LONG_TEXTS_FILE,
  METRICS_FILE,
  RUN_FILE,
  RUNS_FOLDER,
  newRunId,
  toJsonLine,
  type MetricsLine,
  type ProcessExit,
  type RunInfo,
} from './runFiles';
import { ensureStoreIgnored } from './storeIgnore';

const FLUSH_INTERVAL_MS = 200;

/**
 * Makes a new run's folder under `runsDir` and returns its id. Two runs started in the same
 * millisecond get different random suffixes; mkdir without `recursive` fails if the folder
 * exists (another process made it first), so a collision takes the next id, never shares a folder.
 */
export function makeRunFolder(runsDir: string, nextId: () => string): string {
  for (;;) {
    const runId = nextId();
    try {
      fs.mkdirSync(path.join(runsDir, runId));
      return runId;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

export class RunWriter {
  private pending: string[] = [];
  private lastFlush = Date.now();
  private current: RunInfo;
  /** Whether `current` holds changes run.json does not yet (updateLater). */
  private behind = false;
  /** False for a reopened run until `continueRun()`: until then nothing about the run on disk changes. */
  private writing: boolean;

  private constructor(
    readonly runDir: string,
    info: RunInfo,
    private readonly lock: RunLock,
    writing: boolean,
  ) {
    this.current = info;
    this.writing = writing;
  }

  static create(workspaceDir: string, modelFile: string, command: RunInfo['command']): RunWriter {
    const runsDir = path.join(workspaceDir, RUNS_FOLDER);
    fs.mkdirSync(runsDir, { recursive: true });
    ensureStoreIgnored(workspaceDir);
    // The id and run.json's start are one instant, so ids and start times order runs alike.
    const started = new Date();
    const runId = makeRunFolder(runsDir, () => newRunId(modelFile, started));
    const lock = RunLock.acquire(path.join(runsDir, runId), command);
    const writer = new RunWriter(
      path.join(runsDir, runId),
      {
        formatVersion: 1,
        runId,
        status: 'running',
        command,
        modelFile,
        startedAt: started.toISOString(),
        endedAt: null,
        pid: process.pid,
        hostname: os.hostname(),
        config: null,
        backend: null,
        error: null,
      },
      lock,
      true,
    );
    fs.writeFileSync(path.join(writer.runDir, METRICS_FILE), '');
    writer.writeInfo();
    return writer;
  }

  /**
   * Reopens a run's folder to continue it, holding its lock. Nothing on disk changes until
   * `continueRun()` (called once the model is rebuilt and its checkpoint loaded), so a resume that
   * fails before that leaves the run exactly as it was.
   */
  static reopen(runDir: string, info: RunInfo, lock: RunLock): RunWriter {
    return new RunWriter(runDir, info, lock, false);
  }

  /** The reopened run continues: it is `running` again, written by this process. */
  continueRun(): void {
    if (this.writing) return;
    this.writing = true;
    this.update({ status: 'running', endedAt: null, error: null, pid: process.pid, hostname: os.hostname() });
  }

  get info(): RunInfo {
    return this.current;
  }

  get runId(): string {
    return this.current.runId;
  }

  get startedAt(): number {
    return Date.parse(this.current.startedAt);
  }

  update(changes: Partial<RunInfo>): void {
    this.current = { ...this.current, ...changes };
    this.writeInfo();
  }

  /**
   * Changes run.json need not hold at once (a script's per-fit-call counts: a durable write per call
   * cost more than a short call's training): kept in memory and written with the next update, the
   * run's end, or `writeIfBehind`.
   */
  updateLater(changes: Partial<RunInfo>): void {
    this.current = { ...this.current, ...changes };
    this.behind = true;
  }

  /** Writes run.json if `updateLater` left changes unwritten. */
  writeIfBehind(): void {
    if (this.behind) this.writeInfo();
  }

  /** Keeps texts the record had to cut short, whole, in the run's side file (none: no file). */
  recordLongTexts(long: LongTexts): void {
    if (!this.writing || Object.keys(long).length === 0) return;
    writeFileAtomic(path.join(this.runDir, LONG_TEXTS_FILE), `${JSON.stringify(long, null, 2)}\n`);
  }

  append(line: MetricsLine, flushNow = false): void {
    if (!this.writing) return;
    this.pending.push(toJsonLine(line));
    if (flushNow || Date.now() - this.lastFlush >= FLUSH_INTERVAL_MS) this.flush();
  }

  /** Appends the buffered lines; on a full disk they are dropped and a disk-full error naming the file is thrown. */
  flush(): void {
    this.lastFlush = Date.now();
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    const file = path.join(this.runDir, METRICS_FILE);
    try {
      appendWhole(file, text);
    } catch (error) {
      throw isDiskFull(error) ? diskFullError(error, file) : error;
    }
  }

  /**
   * Flushes the metrics, records the final status and releases the lock; a disk that filled up on
   * the last flush fails the run. A reopened run that never continued is left as it was.
   */
  end(status: Exclude<RunInfo['status'], 'running'>, changes: Partial<RunInfo> = {}): void {
    try {
      if (this.writing) this.recordEnd(status, changes);
    } finally {
      this.lock.release();
    }
  }

  private recordEnd(status: Exclude<RunInfo['status'], 'running'>, changes: Partial<RunInfo>): void {
    let ending = { ...changes, status };
    try {
      this.flush();
    } catch (error) {
      if (!isDiskFull(error) || status === 'failed') throw error;
      const message = (error as Error).message;
      ending = { ...ending, status: 'failed', error: { kind: 'process', message, hint: DISK_FULL_HINT } };
    }
    this.update({ ...ending, endedAt: new Date().toISOString() });
  }

  private writeInfo(): void {
    if (!this.writing) return;
    writeRunInfo(path.join(this.runDir, RUN_FILE), this.current);
    this.behind = false;
  }
}

/**
 * Writes run.json atomically; on a full disk, where the temp file cannot be written, overwrites it
 * in place (its old blocks are reused), because a run left saying `running` is worse than a rare
 * torn write.
 */
function writeRunInfo(file: string, info: RunInfo): void {
  const text = `${JSON.stringify(info, null, 2)}\n`;
  try {
    writeFileAtomic(file, text);
  } catch (error) {
    if (!isDiskFull(error)) throw error;
    fs.writeFileSync(file, text);
  }
}

/**
 * Records the end of a run whose trainer died without recording it (killed, out of memory,
 * hung). Leaves runs that already ended as they are.
 */
export function markRunFailed(runDir: string, error: NonNullable<RunInfo['error']>): void {
  recordProcessEnd(runDir, { status: 'failed', error });
}

export interface ProcessEnd {
  /** The run's status if it was still `running` (the trainer could not record its own end). */
  status: Exclude<RunInfo['status'], 'running'>;
  error: RunInfo['error'];
  exit?: ProcessExit;
}

/**
 * Records how the trainer process ended: a run still `running` gets `status` and `error`; any run
 * gets `exit` (the exit code, signal and output tail). Returns the run as recorded, if readable.
 */
export function recordProcessEnd(runDir: string, end: ProcessEnd): RunInfo | undefined {
  const file = path.join(runDir, RUN_FILE);
  let info: RunInfo;
  try {
    info = JSON.parse(fs.readFileSync(file, 'utf8')) as RunInfo;
  } catch {
    return undefined;
  }
  if (info.status !== 'running' && !end.exit) return info;
  // A run the trainer ended itself (a model file's process.exit) keeps its own reason.
  const reason =
    info.status === 'running' ? end.exit?.reason : (info.error?.message ?? info.exit?.reason ?? end.exit?.reason);
  const recorded: RunInfo = {
    ...info,
    ...(info.status === 'running' && { status: end.status, endedAt: new Date().toISOString(), error: end.error }),
    ...(end.exit && { exit: { ...end.exit, reason: (reason ?? '').slice(0, 4096) } }),
  };
  writeRunInfo(file, recorded);
  return recorded;
}
