/**
 * The Run History tree (`tensorscope.runs`): model files, each with its runs, newest first.
 * Re-reads the run stores when a run.json or metrics.jsonl changes (debounced), and keeps
 * durations of running runs fresh while any is running.
 */
import * as vscode from 'vscode';
import { EVALUATIONS_FOLDER } from '../../runs/evaluationRecords';
import { RUNS_FOLDER } from '../../runs/runFiles';
import { readRunSummaries, type RunSummary } from './runSummary';
import { groupByModelFile, runItemShape, type ModelGroup } from './runTreeShape';

export type HistoryNode = { kind: 'model'; group: ModelGroup } | { kind: 'run'; run: RunSummary };

const REFRESH_DEBOUNCE_MS = 500;
const RUNNING_TICK_MS = 5000;

export class RunTreeProvider implements vscode.TreeDataProvider<HistoryNode>, vscode.Disposable {
  private groups: ModelGroup[] | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private tick: NodeJS.Timeout | undefined;
  private midnight: NodeJS.Timeout | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[] = [];
  readonly onDidChangeTreeData = this.changed.event;

  constructor() {
    const later = (): void => this.refreshSoon();
    // An evaluation is recorded in its own file in the run folder (the run's description shows it).
    for (const pattern of [
      `**/${RUNS_FOLDER}/*/{run.json,metrics.jsonl}`,
      `**/${RUNS_FOLDER}/*/${EVALUATIONS_FOLDER}/*`,
    ]) {
      const watcher = vscode.workspace.createFileSystemWatcher(pattern);
      this.subscriptions.push(
        watcher,
        watcher.onDidCreate(later),
        watcher.onDidChange(later),
        watcher.onDidDelete(later),
      );
    }
    this.subscriptions.push(vscode.workspace.onDidChangeWorkspaceFolders(later), this.changed);
  }

  /** Every run now listed, newest first (read now when the tree has not been shown yet). */
  runs(): RunSummary[] {
    return this.load().flatMap((group) => [...group.runs]);
  }

  refresh(): void {
    this.groups = undefined;
    this.changed.fire();
  }

  refreshSoon(): void {
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => this.refresh(), REFRESH_DEBOUNCE_MS);
  }

  getChildren(node?: HistoryNode): HistoryNode[] {
    if (node === undefined) return this.load().map((group) => ({ kind: 'model', group }));
    if (node.kind === 'model') return node.group.runs.map((run) => ({ kind: 'run', run }));
    return [];
  }

  getTreeItem(node: HistoryNode): vscode.TreeItem {
    if (node.kind === 'model') return modelItem(node.group);
    return runItem(node.run, this.groupOf(node.run)?.runs ?? []);
  }

  getParent(node: HistoryNode): HistoryNode | undefined {
    if (node.kind === 'model') return undefined;
    const group = this.groupOf(node.run);
    return group ? { kind: 'model', group } : undefined;
  }

  private groupOf(run: RunSummary): ModelGroup | undefined {
    return this.load().find((candidate) => candidate.modelFile === run.info.modelFile);
  }

  dispose(): void {
    if (this.debounce) clearTimeout(this.debounce);
    if (this.tick) clearInterval(this.tick);
    if (this.midnight) clearTimeout(this.midnight);
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
  }

  private load(): ModelGroup[] {
    if (this.groups) return this.groups;
    const folders = (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath);
    this.groups = groupByModelFile(readRunSummaries(folders), folders);
    this.tickWhileRunning();
    this.refreshAtMidnight();
    return this.groups;
  }

  /** Labels say "today" and "yesterday": read them again when the day changes. */
  private refreshAtMidnight(): void {
    if (this.midnight) clearTimeout(this.midnight);
    const now = new Date();
    const nextDay = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
    this.midnight = setTimeout(() => this.refresh(), nextDay.getTime() - now.getTime() + 1000);
  }

  private tickWhileRunning(): void {
    const running = this.groups?.some((group) =>
      group.runs.some((run) => run.info.status === 'running' && !run.orphaned),
    );
    if (running && !this.tick) this.tick = setInterval(() => this.refresh(), RUNNING_TICK_MS);
    if (!running && this.tick) {
      clearInterval(this.tick);
      this.tick = undefined;
    }
  }
}

function modelItem(group: ModelGroup): vscode.TreeItem {
  const item = new vscode.TreeItem(group.label, vscode.TreeItemCollapsibleState.Expanded);
  item.id = `model:${group.modelFile}`;
  item.resourceUri = vscode.Uri.file(group.modelFile);
  item.description = group.runs.length === 1 ? vscode.l10n.t('1 run') : vscode.l10n.t('{0} runs', group.runs.length);
  item.tooltip = group.modelFile;
  item.contextValue = 'tensorscope.model';
  return item;
}

function runItem(run: RunSummary, siblings: readonly RunSummary[]): vscode.TreeItem {
  const shape = runItemShape(run, Date.now(), siblings);
  const item = new vscode.TreeItem(shape.label, vscode.TreeItemCollapsibleState.None);
  item.id = `run:${run.runDir}`;
  item.description = shape.description;
  item.iconPath = new vscode.ThemeIcon(
    shape.icon.id,
    shape.icon.color ? new vscode.ThemeColor(shape.icon.color) : undefined,
  );
  item.tooltip = new vscode.MarkdownString(shape.tooltip);
  item.contextValue = shape.contextValue;
  item.command = {
    command: 'tensorscope.history.open',
    title: vscode.l10n.t('Open Run'),
    arguments: [{ kind: 'run', run }],
  };
  return item;
}
