/**
 * Supervises one trainer process: forks it, validates everything it sends, stops it
 * gracefully (at the next batch) or kills it, and reports how it ended. No auto-restart.
 */
import { fork, type ChildProcess } from 'node:child_process';
import {
  parseTrainerMessage,
  stamp,
  type HostToTrainer,
  type TrainerToHost,
  type WithoutVersion,
} from '../protocol/trainerMessages';
import { describeRejectedMessage } from './rejectedMessage';

export interface TrainerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the trainer went silent for longer than the hang timeout and was killed. */
  hung: boolean;
  /** Set when the trainer's stderr says it ran out of memory (V8 heap limit or a native allocation). */
  outOfMemory: boolean;
}

export interface TrainerProcessOptions {
  trainerScript: string;
  cwd: string;
  execPath?: string;
  /** Node flags for the trainer (e.g. `--max-old-space-size`); never the host's own (an inspector port would clash). */
  execArgv?: string[];
  env?: NodeJS.ProcessEnv;
  /** Its own process group, so a terminal's Ctrl+C reaches only the supervisor, which stops it gracefully. */
  detached?: boolean;
  hungTimeoutMs: number;
  onMessage(message: TrainerToHost): void;
  /** A message that failed validation: its type, field, problem and value, to log. */
  onInvalidMessage(error: string): void;
  onStderr?(text: string): void;
}

const KILL_AFTER_STOP_MS = 10_000;
const STDERR_TAIL_CHARS = 8_192;
const STDERR_DRAIN_MS = 500;
/** What V8 (heap limit) and TensorFlow/libc (native allocation) print when memory runs out. */
const OUT_OF_MEMORY = /heap out of memory|Reached heap limit|std::bad_alloc|OOM when allocating|Cannot allocate memory/;

export class TrainerProcess {
  readonly exited: Promise<TrainerExit>;
  private readonly child: ChildProcess;
  private lastHeard = Date.now();
  private hung = false;
  /** A paused trainer sends nothing by design: it is waiting for the user, not hung. */
  private paused = false;
  private stderrTail = '';
  private readonly watchdog: NodeJS.Timeout;

  constructor(private readonly options: TrainerProcessOptions) {
    this.child = fork(options.trainerScript, [], {
      cwd: options.cwd,
      execPath: options.execPath ?? process.execPath,
      execArgv: options.execArgv ?? [],
      env: { ...process.env, ...options.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      detached: options.detached ?? false,
      // Structured clone keeps NaN and ±Infinity: JSON would turn a diverged loss into null, which the
      // protocol rejects, dropping the very batch that shows the divergence.
      serialization: 'advanced',
    });
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (text: string) => {
      this.stderrTail = (this.stderrTail + text).slice(-STDERR_TAIL_CHARS);
      options.onStderr?.(text);
    });
    this.child.on('message', (raw: unknown) => this.receive(raw));
    this.watchdog = setInterval(() => this.checkAlive(), Math.min(1_000, options.hungTimeoutMs / 2));
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        clearInterval(this.watchdog);
        // The last stderr lines (an out-of-memory report) may still be in the pipe when `exit` fires.
        void this.stderrDrained().then(() =>
          resolve({ code, signal, hung: this.hung, outOfMemory: OUT_OF_MEMORY.test(this.stderrTail) }),
        );
      });
      this.child.on('error', () => {
        clearInterval(this.watchdog);
        resolve({ code: null, signal: null, hung: false, outOfMemory: false });
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  send(message: WithoutVersion<HostToTrainer>): void {
    if (this.child.connected) this.child.send(stamp(message));
  }

  /** Asks the trainer to stop at the next batch boundary; kills it if it does not exit in time. */
  stop(): void {
    this.send({ type: 'stop' });
    const killer = setTimeout(() => this.kill(), KILL_AFTER_STOP_MS);
    void this.exited.then(() => clearTimeout(killer));
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
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
    const parsed = parseTrainerMessage(raw);
    if (parsed.ok && parsed.value.type === 'control') this.paused = parsed.value.record.action === 'pause';
    if (parsed.ok) this.options.onMessage(parsed.value);
    else this.options.onInvalidMessage(describeRejectedMessage(raw, parsed.error));
  }

  private checkAlive(): void {
    if (this.paused || Date.now() - this.lastHeard <= this.options.hungTimeoutMs) return;
    this.hung = true;
    this.kill();
  }
}
