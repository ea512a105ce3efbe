/**
 * Says what a rejected message was: its type, the field that failed, why, and the value it held
 * (bounded), so a message that cannot cross a boundary is logged, never dropped without a word.
 */
const VALUE_PREVIEW_CHARS = 200;

/** The value at a validator path such as `summary.layers[3].name` (the message itself for `message`). */
export function valueAtPath(root: unknown, path: string): unknown {
  if (path === '' || path === 'message') return root;
  let value = root;
  for (const part of path.match(/[^.[\]]+/g) ?? []) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function preview(value: unknown): string {
  let text: string;
  if (typeof value === 'function') text = `function ${value.name || '(anonymous)'}`;
  else if (typeof value === 'string') text = JSON.stringify(value);
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = Object.prototype.toString.call(value);
    }
  }
  return text.length > VALUE_PREVIEW_CHARS
    ? `${text.slice(0, VALUE_PREVIEW_CHARS)}… (${text.length} characters)`
    : text;
}

/** `trainingStarted rejected: config.optimizer: expected …, got object; value: {"…"}`. */
export function describeRejectedMessage(raw: unknown, problem: string): string {
  const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
  const field = /^([^\s:]+):/.exec(problem)?.[1] ?? '';
  const name = typeof type === 'string' ? type : 'message';
  return `${name} rejected: ${problem}; value: ${preview(valueAtPath(raw, field))}`;
}
