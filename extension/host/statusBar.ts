import * as vscode from 'vscode';
import { executionLabel } from '../protocol/model';
import type { RunHeader } from '../protocol/panelMessages';
import { formatEpochLoss, type EpochLoss } from '../protocol/runFigures';
import { formatDuration } from '../runs/eta';
import { markdownCode, markdownText } from './markdownText';

const STATUS_TEXT: Record<RunHeader['status'], () => string> = {
  running: () => vscode.l10n.t('running'),
  completed: () => vscode.l10n.t('completed'),
  stopped: () => vscode.l10n.t('stopped'),
  failed: () => vscode.l10n.t('failed'),
  interrupted: () => vscode.l10n.t('interrupted'),
};

/**
 * One status bar item: the run's epoch and the newest epoch's loss while training, the outcome
 * after; the model's name in its tooltip. The loss is the figure the panel's header shows, with
 * the same words.
 */
export class RunStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('tensorscope.run', vscode.StatusBarAlignment.Left, 50);
  constructor() {
    this.item.name = vscode.l10n.t('Tensorscope Run');
    this.item.command = 'tensorscope.showPanel';
  }

  update(header: RunHeader, latest: EpochLoss | null): void {
    const loss = latest === null ? '' : ` · ${formatEpochLoss(latest)}`;
    const epoch =
      header.totalEpochs > 0
        ? vscode.l10n.t('epoch {0}/{1}', Math.max(1, header.epoch), header.totalEpochs)
        : vscode.l10n.t('starting');
    const icon = {
      running: '$(sync~spin)',
      completed: '$(pass)',
      stopped: '$(debug-stop)',
      failed: '$(error)',
      interrupted: '$(warning)',
    }[header.status];
    // The model's name is in the tooltip and the accessible label: VS Code cuts an item at 40% of the
    // window's width, and with the name the validation figure was cut off at 1100 px.
    const state = header.status === 'running' ? epoch : STATUS_TEXT[header.status]();
    this.item.text = `${icon} ${state}${loss}`;
    this.item.accessibilityInformation = { label: `${header.modelName}: ${state}${loss}` };
    this.item.backgroundColor =
      header.status === 'failed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.tooltip = this.tooltip(header);
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }

  private tooltip(header: RunHeader): vscode.MarkdownString {
    const lines = [
      vscode.l10n.t('**Tensorscope** — {0} ({1})', markdownText(header.modelName), STATUS_TEXT[header.status]()),
    ];
    if (header.backend) {
      const backend = markdownCode(header.backend.name);
      const reason = markdownText(header.backend.reason);
      lines.push(
        header.backend.native === 'yes'
          ? vscode.l10n.t('Backend: {0} (native) — {1}', backend, reason)
          : vscode.l10n.t('Backend: {0} (pure JS, slow) — {1}', backend, reason),
      );
    }
    if (header.execution)
      lines.push(vscode.l10n.t('Training step: {0} — {1}', executionLabel(header.execution), header.execution.reason));
    if (header.samplesPerSec !== null) lines.push(vscode.l10n.t('{0} samples/s', Math.round(header.samplesPerSec)));
    if (header.etaSeconds !== null) lines.push(vscode.l10n.t('ETA {0}', formatDuration(header.etaSeconds)));
    if (header.error) lines.push(vscode.l10n.t('Error: {0}', markdownText(header.error.message)));
    lines.push(vscode.l10n.t('Click to show the loss panel.'));
    const markdown = new vscode.MarkdownString(lines.join('\n\n'));
    markdown.isTrusted = false;
    return markdown;
  }
}
