/**
 * Runs `tensorscope sweep` (the CLI, the sweep's one coordinator) as a child of the editor: in
 * its own process group, so Stop is the CLI's own Ctrl+C (every trial stops at its next batch),
 * and a second Stop or the editor closing ends the whole group. Reports the sweep folder from
 * the CLI's first line, and every line to the log.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { sweepDirOf } from '../../sweep/sweepStore';

export interface SweepProcessOptions {
  cliScript: string;
  modelFile: string;
  workspaceDir: string;
  execPath?: string;
  env: NodeJS.ProcessEnv;
  args: string[];
  onSweepDir(sweepDir: string): void;
  onLine(line: string): void;
}

const SWEEP_STARTED = /^Sweep (sweep-\S+): /;

export class SweepProcess {
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;
  private stopRequested = false;

  constructor(options: SweepProcessOptions) {
    this.child = spawn(
      options.execPath ?? process.execPath,
      [options.cliScript, 'sweep', options.modelFile, '--runs-in', options.workspaceDir, ...options.args],
      {
        cwd: path.dirname(options.modelFile),
        env: { ...process.env, ...options.env, ELECTRON_RUN_AS_NODE: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      },
    );
    let announced = false;
    let pending = '';
    const onText = (text: string) => {
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const started = announced ? null : SWEEP_STARTED.exec(line);
        if (started?.[1]) {
          announced = true;
          options.onSweepDir(sweepDirOf(options.workspaceDir, started[1]));
        }
        options.onLine(line);
      }
    };
    this.child.stdout?.setEncoding('utf8').on('data', onText);
    this.child.stderr?.setEncoding('utf8').on('data', onText);
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code) => resolve(code));
      this.child.on('error', (error) => {
        options.onLine(`could not start the sweep: ${error.message}`);
        resolve(null);
      });
    });
  }

  /** First call: the CLI's Ctrl+C (trials stop at their next batch). Second: end them now. */
  stop(): void {
    this.signal(this.stopRequested ? 'SIGKILL' : 'SIGINT');
    this.stopRequested = true;
  }

  kill(): void {
    this.signal('SIGKILL');
  }

  private signal(signal: NodeJS.Signals): void {
    const pid = this.child.pid;
    if (pid === undefined || this.child.exitCode !== null) return;
    try {
      // SIGINT goes to the CLI alone (it stops its trainers); SIGKILL to the whole group.
      if (signal === 'SIGKILL') process.kill(-pid, signal);
      else this.child.kill(signal);
    } catch {
      // already gone
    }
  }
}
