/**
 * Attach: shows a run folder in the loss panel and follows it live while another process
 * writes it. Following stops when the run ends or the panel shows another run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { RUN_FILE } from '../../runs/runFiles';
import { listRunDirs } from '../../runs/runReader';
import type { LiveRun } from '../liveRun';
import { RunFollower } from './runFollower';

export class RunAttacher implements vscode.Disposable {
  private follower: RunFollower | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly liveRun: LiveRun,
    private readonly showPanel: () => void,
  ) {
    this.subscription = liveRun.onDidChangeRun(() => {
      if (this.follower && liveRun.current?.runId !== this.follower.runId) this.detach();
    });
  }

  /** The run folder followed now, if any. */
  get followedDir(): string | undefined {
    return this.follower?.following ? this.follower.runDir : undefined;
  }

  /** Shows the run and follows it while it runs; false when the folder has no readable run.json. */
  async attach(runDir: string): Promise<boolean> {
    this.detach();
    const follower = new RunFollower(runDir, this.liveRun, { onEnd: () => this.detach() });
    this.follower = follower;
    const started = await follower.start();
    if (this.follower !== follower) return started; // attached to another run meanwhile
    if (!started || !follower.following) this.follower = undefined;
    if (started) this.showPanel();
    return started;
  }

  detach(): void {
    this.follower?.stop();
    this.follower = undefined;
  }

  dispose(): void {
    this.detach();
    this.subscription.dispose();
  }
}

/**
 * Asks for a run folder: a folder with run.json, or a folder holding runs (a workspace with
 * `.tensorscope/runs`, or the runs folder itself), then which of its runs.
 */
export async function pickRunFolder(): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    openLabel: vscode.l10n.t('Attach'),
    title: vscode.l10n.t('Attach to a Tensorscope run folder'),
  });
  const folder = picked?.[0]?.fsPath;
  if (folder === undefined) return undefined;
  if (fs.existsSync(path.join(folder, RUN_FILE))) return folder;
  const runs = runsIn(folder);
  if (runs.length === 0) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('{0} holds no Tensorscope run (no run.json, no .tensorscope/runs).', folder),
    );
    return undefined;
  }
  const choice = await vscode.window.showQuickPick(
    runs.map((dir) => ({ label: path.basename(dir), description: path.dirname(dir), dir })),
    { title: vscode.l10n.t('Which run?'), placeHolder: vscode.l10n.t('Newest first') },
  );
  return choice?.dir;
}

function runsIn(folder: string): string[] {
  const asRunsFolder = childRunDirs(folder);
  return asRunsFolder.length > 0 ? asRunsFolder : listRunDirs(folder);
}

function childRunDirs(folder: string): string[] {
  try {
    return fs
      .readdirSync(folder)
      .map((name) => path.join(folder, name))
      .filter((dir) => fs.existsSync(path.join(dir, RUN_FILE)))
      .sort()
      .reverse();
  } catch {
    return [];
  }
}
