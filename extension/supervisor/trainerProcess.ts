/**
 * Supervises one trainer process: forks it in its own process group, validates everything it
 * sends, stops it gracefully (at the next batch) or kills its whole process tree, and reports how
 * it ended. The trainer's scratch folder (the bundled model file) belongs to the supervisor and is
 * removed however the trainer ends. No auto-restart. The extension host and the CLI both use it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import {
  parseTrainerMessage,
  stamp,
  type HostToTrainer,
  type TrainerToHost,
  type WithoutVersion,
} from '../protocol/trainerMessages';
import { processStartOf, type ProcessIdentity } from '../runs/processIdentity';
import { OUTPUT_TAIL_CHARS } from '../runs/runFiles';
import { describeRejectedMessage } from './rejectedMessage';
import { PidsSince } from './pidsSince';
import {
  killListed,
  killProcessGroup,
  killProcessTree,
  listDescendants,
  stillRunning,
  type ListedProcess,
} from './processTree';
import { createScratchFolder, recordScratchTrainer, removeStaleScratchFolders } from './scratchFolder';
import { StartupNoiseFilter } from './tensorflowNoise';

export interface TrainerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the trainer went silent for longer than the hang timeout and was killed. */
  hung: boolean;
  /** Set when a stop was asked for and the trainer was killed because it did not stop in time. */
  stopForced: boolean;
  /** Set when the trainer's stderr says it ran out of memory (V8 heap limit or a native allocation). */
  outOfMemory: boolean;
  /** The last of what the trainer printed (stdout and stderr, interleaved). */
  outputTail: string;
  /** The trainer process that ended (undefined if it never started): whose run lock the supervisor may release. */
  trainer?: ProcessIdentity;
}

export interface TrainerProcessOptions {
  trainerScript: string;
  cwd: string;
  execPath?: string;
  /** Node flags for the trainer (e.g. `--max-old-space-size`); never the host's own (an inspector port would clash). */
  execArgv?: string[];
  env?: NodeJS.ProcessEnv;
  /** A trainer silent this long is killed as hung; undefined: never (the CLI, where a person watches). */
  hungTimeoutMs?: number;
  onMessage(message: TrainerToHost): void;
  /** A message that failed validation: its type, field, problem and value, to log. */
  onInvalidMessage(error: string): void;
  onStdout?(text: string): void;
  /** The trainer's stderr, line by line, without TensorFlow's start-up noise (tensorflowNoise.ts). */
  onStderr?(text: string): void;
}

const KILL_AFTER_STOP_MS = 10_000;
/**
 * How often the trainer's descendants are listed, to end those that left its group if it dies
 * abruptly: every 2 s, and at most every 250 ms while it sends messages (a model file that starts
 * a process and then trains is caught within a batch or two).
 */
const LIST_DESCENDANTS_EVERY_MS = 2_000;
const LIST_DESCENDANTS_AT_MOST_EVERY_MS = 250;
const STDERR_TAIL_CHARS = 8_192;
const STDERR_DRAIN_MS = 500;
/** What V8 (heap limit) and TensorFlow/libc (native allocation) print when memory runs out. */
const OUT_OF_MEMORY = /heap out of memory|Reached heap limit|std::bad_alloc|OOM when allocating|Cannot allocate memory/;
/** On Windows a detached child gets a console of its own and there are no process groups. */
const OWN_PROCESS_GROUP = process.platform !== 'win32';

export class TrainerProcess {
  readonly exited: Promise<TrainerExit>;
  private readonly child: ChildProcess;
  private readonly scratchDir: string;
  private lastHeard = Date.now();
  private hung = false;
  /** A paused trainer sends nothing by design: it is waiting for the user, not hung. */
  private paused = false;
  private stopRequested = false;
  private forced = false;
  private stderrTail = '';
  private outputTail = '';
  private readonly watchdog: NodeJS.Timeout | undefined;
  private readonly descendantLister: NodeJS.Timeout | undefined;
  private descendants: ListedProcess[] = [];
  private descendantsListedAt = 0;
  /** Which pids were handed out since the trainer started: its descendants are among them. */
  private readonly newerPids: PidsSince | undefined;

  /** Who the trainer is, read as it starts (its pid may name another process once it has ended). */
  private readonly identity: ProcessIdentity | undefined;

  constructor(private readonly options: TrainerProcessOptions) {
    // Left by a supervisor killed at the same instant as its trainer (nobody else could remove it).
    removeStaleScratchFolders();
    this.scratchDir = createScratchFolder();
    this.child = fork(options.trainerScript, [], {
      cwd: options.cwd,
      execPath: options.execPath ?? process.execPath,
      execArgv: options.execArgv ?? [],
      env: { ...process.env, ...options.env, ELECTRON_RUN_AS_NODE: '1', TENSORSCOPE_SCRATCH_DIR: this.scratchDir },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // Its own process group: Stop and the host's end reach every process the model file started,
      // and a terminal's Ctrl+C goes to the CLI (which decides) rather than straight to the trainer.
      detached: OWN_PROCESS_GROUP,
      // Structured clone keeps NaN and ±Infinity: JSON would turn a diverged loss into null, which the
      // protocol rejects, dropping the very batch that shows the divergence.
      serialization: 'advanced',
    });
    this.identity = this.identify();
    this.newerPids = this.child.pid === undefined ? undefined : new PidsSince(this.child.pid);
    this.child.stdout?.setEncoding('utf8');
    this.child.stdout?.on('data', (text: string) => {
      this.keepOutput(text);
      options.onStdout?.(text);
    });
    const stderr = new StartupNoiseFilter((text) => options.onStderr?.(text));
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (text: string) => {
      this.stderrTail = (this.stderrTail + text).slice(-STDERR_TAIL_CHARS);
      this.keepOutput(text);
      stderr.push(text);
    });
    this.child.on('message', (raw: unknown) => this.receive(raw));
    const hungTimeoutMs = options.hungTimeoutMs;
    this.watchdog =
      hungTimeoutMs === undefined
        ? undefined
        : setInterval(() => this.checkAlive(hungTimeoutMs), Math.min(1_000, hungTimeoutMs / 2));
    this.descendantLister = OWN_PROCESS_GROUP
      ? setInterval(() => this.listDescendants(), LIST_DESCENDANTS_EVERY_MS).unref()
      : undefined;
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.cleanUp();
        // The last stderr lines (an out-of-memory report) may still be in the pipe when `exit` fires.
        void this.stderrDrained().then(() => {
          stderr.end();
          resolve({
            code,
            signal,
            hung: this.hung,
            stopForced: this.forced,
            outOfMemory: OUT_OF_MEMORY.test(this.stderrTail),
            outputTail: this.outputTail,
            ...(this.identity && { trainer: this.identity }),
          });
        });
      });
      this.child.on('error', (error) => {
        this.cleanUp();
        resolve({
          code: null,
          signal: null,
          hung: false,
          stopForced: false,
          outOfMemory: false,
          outputTail: `${this.outputTail}${error.message}`,
        });
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  private identify(): ProcessIdentity | undefined {
    const pid = this.child.pid;
    if (pid === undefined) return undefined;
    const processStart = processStartOf(pid);
    const identity = { pid, ...(processStart !== undefined && { processStart }) };
    recordScratchTrainer(this.scratchDir, identity);
    return identity;
  }

  /** Whether a graceful stop was asked for (Stop, a first Ctrl+C, deactivate). */
  get stopping(): boolean {
    return this.stopRequested;
  }

  send(message: WithoutVersion<HostToTrainer>): void {
    if (this.child.connected) this.child.send(stamp(message));
  }

  /**
   * Asks the trainer to stop at the next batch boundary; kills it if it does not exit within
   * `graceMs` (null: wait, someone will press Ctrl+C again).
   */
  stop(graceMs: number | null = KILL_AFTER_STOP_MS): Promise<TrainerExit> {
    this.stopRequested = true;
    this.send({ type: 'stop' });
    if (graceMs !== null) {
      const killer = setTimeout(() => this.forceStop(), graceMs);
      void this.exited.then(() => clearTimeout(killer));
    }
    return this.exited;
  }

  /** Ends the trainer and every process it started, now (a second Ctrl+C, a stop not honoured in time). */
  forceStop(): void {
    this.stopRequested = true;
    if (this.running) this.forced = true;
    this.kill();
  }

  kill(): void {
    if (this.running && this.child.pid !== undefined) killProcessTree(this.child.pid, OWN_PROCESS_GROUP);
  }

  private get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  private keepOutput(text: string): void {
    this.outputTail = (this.outputTail + text).slice(-OUTPUT_TAIL_CHARS);
  }

  /** Whatever the trainer leaves behind goes with it: processes still in its group, its scratch folder. */
  private cleanUp(): void {
    if (this.watchdog) clearInterval(this.watchdog);
    if (this.descendantLister) clearInterval(this.descendantLister);
    if (OWN_PROCESS_GROUP && this.child.pid !== undefined) killProcessGroup(this.child.pid);
    killListed(this.descendants);
    fs.rmSync(this.scratchDir, { recursive: true, force: true });
  }

  private listDescendants(): void {
    if (!OWN_PROCESS_GROUP || !this.running || this.child.pid === undefined) return;
    // Read before the walk: a process started during it makes the next check walk again.
    const pids = this.newerPids?.check();
    this.descendantsListedAt = Date.now();
    // No process started anywhere since the last listing (or, the first time, since the fork): nothing new below the trainer.
    if (pids && !pids.handedOutSinceLastCheck) return;
    const listed = listDescendants(this.child.pid, pids?.mayBeNewer);
    // One whose parent ended is no longer below the trainer (it was re-parented), but is still the trainer's to end.
    const orphaned = this.descendants.filter((known) => !listed.some((now) => now.pid === known.pid));
    this.descendants = [...listed, ...stillRunning(orphaned)];
  }

  private stderrDrained(): Promise<void> {
    const stderr = this.child.stderr;
    if (!stderr || stderr.readableEnded || stderr.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, STDERR_DRAIN_MS);
      stderr.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private receive(raw: unknown): void {
    this.lastHeard = Date.now();
    if (this.lastHeard - this.descendantsListedAt >= LIST_DESCENDANTS_AT_MOST_EVERY_MS) this.listDescendants();
    const parsed = parseTrainerMessage(raw);
    if (parsed.ok && parsed.value.type === 'control') this.paused = parsed.value.record.action === 'pause';
    if (parsed.ok) this.options.onMessage(parsed.value);
    else this.options.onInvalidMessage(describeRejectedMessage(raw, parsed.error));
  }

  private checkAlive(hungTimeoutMs: number): void {
    if (this.paused || Date.now() - this.lastHeard <= hungTimeoutMs) return;
    this.hung = true;
    this.kill();
  }
}
