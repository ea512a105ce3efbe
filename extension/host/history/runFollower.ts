/**
 * Follows a run folder that another process is writing (a headless trainer, a CI job, a
 * bigger machine sharing the folder): shows what is there, then polls `metrics.jsonl` by
 * byte offset and `run.json` when it changes, until the run ends or `stop()` is called.
 * Polling, not file events: file events are unreliable on network shares and mounted folders.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BatchRecord, EpochRecord } from '../../protocol/records';
import { METRICS_FILE, RUN_FILE, batchFromLine, epochFromLine, type RunInfo } from '../../runs/runFiles';
import { readRunForView } from '../../runs/runOverview';
import { contentsFromLines, readRunInfo, type RunContents } from '../../runs/runReader';
import { runIsLive } from '../../runs/runLock';
import { MetricsTailer } from './metricsTailer';

/** Where a followed run goes: in the extension, the LiveRun behind the loss panel. */
export interface FollowTarget {
  showRecorded(run: RunContents): void;
  appendRecorded(info: RunInfo, batches: BatchRecord[], epochs: EpochRecord[]): void;
}

export interface FollowOptions {
  /** Default 500 ms. */
  intervalMs?: number;
  /** Called once when following ends by itself (the run ended, or its folder went away). */
  onEnd?: (info: RunInfo | undefined) => void;
}

export class RunFollower {
  private readonly tailer: MetricsTailer;
  private info: RunInfo | undefined;
  /** Inode, mtime and size of the run.json last read: it is replaced by rename, so its inode changes. */
  private infoStamp = '';
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    readonly runDir: string,
    private readonly target: FollowTarget,
    private readonly options: FollowOptions = {},
  ) {
    this.tailer = new MetricsTailer(path.join(runDir, METRICS_FILE));
  }

  get runId(): string | undefined {
    return this.info?.runId;
  }

  get following(): boolean {
    return this.timer !== undefined;
  }

  /**
   * Shows the run as it is now (read without blocking the host: streamed, downsampled when big),
   * then follows it while it runs; false when the folder holds no readable run.json.
   */
  async start(): Promise<boolean> {
    this.info = this.readInfo();
    if (!this.info) return false;
    const upTo = this.tailer.skipCompleteLines();
    const run = await readRunForView(this.runDir, { upTo }).catch(() => undefined);
    if (this.stopped) return true;
    this.target.showRecorded(run ?? contentsFromLines(this.info, [], 0));
    if (runIsLive(this.runDir, this.info)) this.timer = setInterval(() => this.poll(), this.options.intervalMs ?? 500);
    return true;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One polling step (public so tests can drive it without timers). */
  poll(): void {
    const info = this.readInfo() ?? this.info;
    if (!info) return;
    this.info = info;
    const read = this.tailer.read();
    if (read.reset) {
      this.target.showRecorded(contentsFromLines(info, read.lines, read.skipped));
    } else {
      const batches = read.lines.filter((line) => line.type === 'batch').map(batchFromLine);
      const epochs = read.lines.filter((line) => line.type === 'epoch').map(epochFromLine);
      this.target.appendRecorded(info, batches, epochs);
    }
    if (!runIsLive(this.runDir, info) || !fs.existsSync(this.runDir)) this.end(info);
  }

  private end(info: RunInfo): void {
    if (!this.following) return;
    this.stop();
    this.options.onEnd?.(info);
  }

  /** run.json again when it changed since the last read (it is replaced atomically, so it is whole). */
  private readInfo(): RunInfo | undefined {
    const file = path.join(this.runDir, RUN_FILE);
    let stamp: string;
    try {
      const stat = fs.statSync(file);
      stamp = `${stat.ino}:${stat.mtimeMs}:${stat.size}`;
    } catch {
      return undefined;
    }
    if (this.info && stamp === this.infoStamp) return this.info;
    const info = readRunInfo(this.runDir);
    if (info) this.infoStamp = stamp;
    return info;
  }
}
