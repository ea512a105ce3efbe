/** A list of plain-language findings, each marked by its severity (pre-flight report, Data view). */
import { el } from '../../dom';

export interface Finding {
  readonly severity: 'ok' | 'warning' | 'error';
  readonly message: string;
}

const SEVERITY_ICON = { ok: '✓', warning: '⚠', error: '✖' } as const;

export function findingsList(findings: readonly Finding[]): HTMLElement {
  return el(
    'ul',
    { class: 'findings' },
    ...findings.map((finding) =>
      el(
        'li',
        { class: `finding ${finding.severity}` },
        el('span', { class: 'severity', 'aria-label': finding.severity }, SEVERITY_ICON[finding.severity]),
        ` ${finding.message}`,
      ),
    ),
  );
}
