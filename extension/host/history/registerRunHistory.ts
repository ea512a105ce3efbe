/** Activation of the Run History view, the Compare panel, run diffs and attach: one call from `activate`. */
import * as vscode from 'vscode';
import type { LiveRun } from '../liveRun';
import { ComparePanel } from './comparePanel';
import { registerHistoryCommands } from './historyCommands';
import { RunAttacher } from './runAttacher';
import { registerRunDiffDocuments } from './runDiffDocuments';
import { RunTreeProvider } from './runTreeProvider';

export function registerRunHistory(context: vscode.ExtensionContext, liveRun: LiveRun, showPanel: () => void): void {
  const tree = new RunTreeProvider();
  const view = vscode.window.createTreeView('tensorscope.runs', {
    treeDataProvider: tree,
    canSelectMany: true,
    showCollapseAll: true,
  });
  const attacher = new RunAttacher(liveRun, showPanel);
  context.subscriptions.push(
    tree,
    view,
    attacher,
    registerRunDiffDocuments(),
    tree.onDidChangeTreeData(() => ComparePanel.refresh()),
    ...registerHistoryCommands({
      extensionUri: context.extensionUri,
      workspaceState: context.workspaceState,
      liveRun,
      tree,
      attacher,
      showPanel,
    }),
  );
}
