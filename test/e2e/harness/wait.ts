import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `probe` until it returns something other than undefined/false, and returns that. On timeout
 * the error says what was awaited and, when `describeLast` is given, what was seen last.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  options: { timeoutMs?: number; intervalMs?: number; describeLast?: () => Promise<string> | string } = {},
): Promise<T> {
  const { timeoutMs = 15_000, intervalMs = 250 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) {
      const last = options.describeLast ? `; last seen: ${await options.describeLast()}` : '';
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${last}`);
    }
    await sleep(intervalMs);
  }
}
