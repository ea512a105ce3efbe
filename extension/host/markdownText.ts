/**
 * Text from a run (layer and class names, run names, error messages written by model code) put
 * into Markdown that VS Code renders: escaped, so a crafted name shows as itself and cannot add
 * a link, an image, a command link or a theme icon. Pure.
 */

/** CommonMark's ASCII punctuation that can start syntax, plus `$` (VS Code theme icons `$(name)`). */
const MARKDOWN_SYNTAX = /[\\`*_{}[\]()#+\-.!|<>~&$:"']/g;

/** Plain text as Markdown text: every syntax character escaped, line breaks as spaces. */
export function markdownText(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(MARKDOWN_SYNTAX, '\\$&');
}

/** Plain text as an inline code span, with a fence longer than any run of backticks inside it. */
export function markdownCode(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ');
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const padding = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${padding}${flat}${padding}${fence}`;
}
