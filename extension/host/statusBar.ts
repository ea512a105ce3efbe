import * as vscode from 'vscode';
import { executionLabel } from '../protocol/model';
import type { RunHeader } from '../protocol/panelMessages';
import { formatEpochLoss, type EpochLoss } from '../protocol/runFigures';
import { formatDuration } from '../runs/eta';

/**
 * One status bar item: the run's epoch and the newest epoch's loss while training, the outcome
 * after. The loss is the figure the panel's header shows, with the same words.
 */
export class RunStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('tensorscope.run', vscode.StatusBarAlignment.Left, 50);
  constructor() {
    this.item.name = 'Tensorscope Run';
    this.item.command = 'tensorscope.showPanel';
  }

  update(header: RunHeader, latest: EpochLoss | null): void {
    const loss = latest === null ? '' : ` · ${formatEpochLoss(latest)}`;
    const epoch = header.totalEpochs > 0 ? `epoch ${Math.max(1, header.epoch)}/${header.totalEpochs}` : 'starting';
    const icon = {
      running: '$(sync~spin)',
      completed: '$(pass)',
      stopped: '$(debug-stop)',
      failed: '$(error)',
      interrupted: '$(warning)',
    }[header.status];
    this.item.text =
      header.status === 'running'
        ? `${icon} ${header.modelName}: ${epoch}${loss}`
        : `${icon} ${header.modelName}: ${header.status}${loss}`;
    this.item.backgroundColor =
      header.status === 'failed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.tooltip = this.tooltip(header);
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }

  private tooltip(header: RunHeader): vscode.MarkdownString {
    const lines = [`**Tensorscope** — ${header.modelName} (${header.status})`];
    if (header.backend) {
      lines.push(
        `Backend: \`${header.backend.name}\`${header.backend.native === 'yes' ? ' (native)' : ' (pure JS, slow)'} — ${header.backend.reason}`,
      );
    }
    if (header.execution) lines.push(`Training step: ${executionLabel(header.execution)} — ${header.execution.reason}`);
    if (header.samplesPerSec !== null) lines.push(`${Math.round(header.samplesPerSec)} samples/s`);
    if (header.etaSeconds !== null) lines.push(`ETA ${formatDuration(header.etaSeconds)}`);
    if (header.error) lines.push(`Error: ${header.error.message}`);
    lines.push('Click to show the loss panel.');
    const markdown = new vscode.MarkdownString(lines.join('\n\n'));
    markdown.isTrusted = false;
    return markdown;
  }
}
