/**
 * How runs appear in the Run History tree: grouped by model file, each with a status icon,
 * a label, a one-line description and a markdown tooltip. Pure (no `vscode`), unit-tested;
 * the tree provider turns these shapes into TreeItems.
 */
import * as path from 'node:path';
import { checkpointLabel } from '../../protocol/evaluation';
import { configKeyTitle, validationSource } from '../../protocol/configNames';
import { hasValidationKeys, metricKeyTitle, metricTitle } from '../../protocol/metricNames';
import { modelDisplayName } from '../modelDisplayName';
import type { RunSummary } from './runSummary';

export interface ModelGroup {
  readonly modelFile: string;
  /** The model file relative to its workspace folder (absolute when outside every folder). */
  readonly label: string;
  /** Newest first. */
  readonly runs: readonly RunSummary[];
}

export interface RunItemShape {
  readonly label: string;
  readonly description: string;
  /** A codicon id (`sync~spin` spins) and an optional theme colour id. */
  readonly icon: { readonly id: string; readonly color?: string };
  readonly tooltip: string;
  /** `tensorscope.run.<status>`, `.git` appended when the run recorded its git state (menus match on it). */
  readonly contextValue: string;
}

/** Groups runs by model file, the group with the newest run first. */
export function groupByModelFile(runs: readonly RunSummary[], workspaceDirs: readonly string[]): ModelGroup[] {
  const groups = new Map<string, RunSummary[]>();
  for (const run of runs) {
    const list = groups.get(run.info.modelFile) ?? [];
    list.push(run);
    groups.set(run.info.modelFile, list);
  }
  return [...groups]
    .map(([modelFile, list]) => ({
      modelFile,
      label: relativeLabel(modelFile, workspaceDirs),
      runs: newestFirst(list),
    }))
    .sort((a, b) => startOf(b.runs[0]).localeCompare(startOf(a.runs[0])));
}

/**
 * `siblings`: the other runs listed beside this one (its model file's); a run started in the same
 * minute as one of them shows its seconds too, so the two labels differ.
 */
export function runItemShape(run: RunSummary, now = Date.now(), siblings: readonly RunSummary[] = []): RunItemShape {
  const { info } = run;
  return {
    label: runTreeLabel(run, now, siblings),
    description: runDescription(run, now),
    icon: statusIcon(run),
    tooltip: runTooltip(run, now),
    contextValue: `tensorscope.run.${run.orphaned ? 'interrupted' : info.status}${info.git ? '.git' : ''}`,
  };
}

/** The user's name for the run, else when it started (local time). */
export function runLabel(run: { readonly info: RunSummary['info'] }): string {
  const label = run.info.name ?? formatLocalTime(new Date(run.info.startedAt));
  return run.info.command === 'evaluate' ? `Evaluation · ${label}` : label;
}

/** A run as the tree and the Compare panel list it: its run.json is all its label needs. */
type Listed = { readonly info: RunSummary['info'] };

/** The tree's (and Compare's) label: the user's name for the run, else when it started, short ("today 14:05"). */
export function runTreeLabel(run: Listed, now: number, siblings: readonly Listed[] = []): string {
  if (run.info.name !== undefined) return runLabel(run);
  const today = new Date(now);
  const minute = (other: Listed): string => shortStartTime(new Date(other.info.startedAt), today, false);
  const own = minute(run);
  const shared = siblings.some((other) => other !== run && other.info.name === undefined && minute(other) === own);
  const label = shortStartTime(new Date(run.info.startedAt), today, shared);
  return run.info.command === 'evaluate' ? `Evaluation · ${label}` : label;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "today 14:05", "yesterday 18:02", "28 Nov 07:40", "28 Nov 2025 07:40" in local time; seconds when `seconds`. */
export function shortStartTime(date: Date, now: Date, seconds: boolean): string {
  const two = (value: number): string => String(value).padStart(2, '0');
  const time = `${two(date.getHours())}:${two(date.getMinutes())}${seconds ? `:${two(date.getSeconds())}` : ''}`;
  const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
  if (sameDay(date, now)) return `today ${time}`;
  if (sameDay(date, yesterday)) return `yesterday ${time}`;
  const year = date.getFullYear() === now.getFullYear() ? '' : ` ${date.getFullYear()}`;
  return `${date.getDate()} ${MONTHS[date.getMonth()] ?? ''}${year} ${time}`;
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

export function statusIcon(run: RunSummary): RunItemShape['icon'] {
  if (run.orphaned) return { id: 'warning', color: 'problemsWarningIcon.foreground' };
  if (run.info.command === 'evaluate' && run.info.status === 'completed')
    return { id: 'checklist', color: 'testing.iconPassed' };
  switch (run.info.status) {
    case 'running':
      return { id: 'sync~spin' };
    case 'completed':
      return { id: 'pass', color: 'testing.iconPassed' };
    case 'stopped':
      return { id: 'debug-stop' };
    case 'failed':
      return { id: 'error', color: 'testing.iconFailed' };
  }
}

function runDescription(run: RunSummary, now: number): string {
  const { info } = run;
  const parts = finalMetrics(run.finalLogs).map(([key, value]) => `${key} ${formatMetric(value)}`);
  // The newest evaluation first: a narrow Run History cuts the description after a figure or two.
  if (run.evaluation && info.command !== 'evaluate') parts.unshift(evaluationBrief(run.evaluation));
  if (info.status === 'failed' && info.error) parts.push(shorten(info.error.message, 60));
  if (run.orphaned) parts.push('interrupted');
  parts.push(formatDuration(durationMs(run, now)));
  if (info.backend) parts.push(info.backend.name);
  return parts.join(' · ');
}

const ACCURACY_KEYS = ['val_acc', 'val_accuracy', 'acc', 'accuracy'];

/** The final loss and validation loss, and one accuracy (validation preferred), in that order. */
export function finalMetrics(logs: Readonly<Record<string, number>>): [string, number][] {
  const keys = ['loss', 'val_loss', ACCURACY_KEYS.find((key) => key in logs)];
  return keys.flatMap((key) => (key !== undefined && key in logs ? [[key, logs[key] as number]] : []));
}

function runTooltip(run: RunSummary, now: number): string {
  const { info } = run;
  const lines = [
    `**${escapeMarkdown(runLabel(run))}** — ${run.orphaned ? 'interrupted (its trainer is gone; resume it to continue)' : info.status}`,
    '',
    `${escapeMarkdown(modelDisplayName(info.modelFile))} · ${info.command} · started ${formatLocalTime(new Date(info.startedAt))} · ${formatDuration(durationMs(run, now))}`,
  ];
  if (info.backend)
    lines.push(
      '',
      `Backend: ${escapeMarkdown(`${info.backend.name} (${info.backend.packageName} ${info.backend.version})`)}`,
    );
  if (info.error) lines.push('', `Error: ${escapeMarkdown(shorten(info.error.message, 300))}`);
  // The description keeps tf.js's short keys (a narrow view cuts it); the tooltip has room for words.
  const finalRows = Object.entries(run.finalLogs).map(([key, value]) => [
    `final ${metricKeyTitle(key)}`,
    formatMetric(value),
  ]);
  const rows = [...configRows(run), ...finalRows];
  if (rows.length > 0)
    lines.push('', '| | |', '|---|---|', ...rows.map(([key, value]) => `| ${key} | ${escapeMarkdown(value ?? '')} |`));
  if (run.evaluation && info.command !== 'evaluate') lines.push('', evaluationLine(run.evaluation));
  if (run.scoredRunDir !== undefined)
    lines.push(
      '',
      `Scored run ${escapeMarkdown(path.basename(run.scoredRunDir))}, which lists it too (before 0.3 each evaluation was recorded as a folder of its own)`,
    );
  if (info.git) lines.push('', gitLine(info.git));
  lines.push('', `Run ${escapeMarkdown(info.runId)} on ${escapeMarkdown(info.hostname)}`);
  return lines.join('\n');
}

function configRows(run: RunSummary): string[][] {
  const config = run.info.config;
  if (!config) return [];
  return Object.entries(config).map(([key, value]) => [
    configKeyTitle(key),
    key === 'validationSplit' && typeof value === 'number'
      ? validationSource(value, run.info.mode, hasValidationKeys(run.finalLogs))
      : Array.isArray(value)
        ? value.join(', ')
        : String(value),
  ]);
}

/** `test acc 0.9531`: the split and one figure (accuracy when there is one, else the loss). */
function evaluationBrief(evaluation: NonNullable<RunSummary['evaluation']>): string {
  const [key, value] = finalMetrics(evaluation.logs).find(([name]) => name !== 'loss') ??
    finalMetrics(evaluation.logs)[0] ?? ['', Number.NaN];
  return key === '' ? `evaluated (${evaluation.split})` : `${evaluation.split} ${key} ${formatMetric(value)}`;
}

function evaluationLine(evaluation: NonNullable<RunSummary['evaluation']>): string {
  const figures = Object.entries(evaluation.logs)
    .map(([key, value]) => `${metricTitle(key)} ${formatMetric(value)}`)
    .join(' · ');
  const epoch = evaluation.epoch === undefined ? '' : `, epoch ${evaluation.epoch}`;
  const folder =
    evaluation.evaluationFolder === undefined
      ? ''
      : ` (recorded in the evaluation folder ${escapeMarkdown(path.basename(evaluation.evaluationFolder))})`;
  return `Evaluated ${formatLocalTime(new Date(evaluation.time))} on the ${escapeMarkdown(evaluation.split)} split (${escapeMarkdown(checkpointLabel(evaluation.checkpoint))}${epoch}): ${escapeMarkdown(figures)}${folder}`;
}

function gitLine(git: NonNullable<RunSummary['info']['git']>): string {
  const branch = git.branch ? ` on ${escapeMarkdown(git.branch)}` : '';
  const changed = git.diff === '' ? 'model file as committed' : 'model file changed since that commit';
  return `Git: \`${git.commit.slice(0, 10)}\`${branch} (${changed})`;
}

export function durationMs(run: RunSummary, now: number): number {
  const start = Date.parse(run.info.startedAt);
  const end = run.info.endedAt ? Date.parse(run.info.endedAt) : run.info.status === 'running' ? now : start;
  return Math.max(0, end - start);
}

/** `42s`, `3m 05s`, `2h 07m`. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** Four significant digits; NaN (a diverged loss) as `NaN`. */
export function formatMetric(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(4))) : String(value);
}

/** `2026-11-28 07:40:51` in local time. */
export function formatLocalTime(date: Date): string {
  const two = (value: number): string => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

function relativeLabel(modelFile: string, workspaceDirs: readonly string[]): string {
  for (const dir of workspaceDirs) {
    const relative = path.relative(dir, modelFile);
    if (relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative))
      return relative.split(path.sep).join('/');
  }
  return modelFile;
}

function newestFirst(runs: RunSummary[]): RunSummary[] {
  return runs.sort((a, b) => b.info.startedAt.localeCompare(a.info.startedAt));
}

function startOf(run: RunSummary | undefined): string {
  return run?.info.startedAt ?? '';
}

function shorten(text: string, max: number): string {
  const line = text.split('\n')[0] ?? '';
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
