/**
 * Each e2e step ends with a screenshot named after it; a failing step says which step failed and
 * where its screenshot is, so a red CI run can be read without re-running it.
 */
import { test } from 'node:test';
import type { Workbench } from './workbench';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function step(workbench: Workbench, name: string, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    const screenshot = await workbench.screenshot(name).catch((shotError: unknown) => `none (${messageOf(shotError)})`);
    await workbench.dismissQuickInput().catch(() => undefined);
    throw new Error(`e2e step "${name}" failed: ${messageOf(error)}\n    screenshot: ${screenshot}`, { cause: error });
  }
  await workbench.screenshot(name);
}

/**
 * The steps of one e2e suite sharing one VS Code window: `define(name, action)` adds a node:test
 * case that runs `action` as a screenshotted step; `close()` (for `after`) closes the window and
 * keeps the sandbox, saying where, when a step failed.
 */
export function e2eSteps(workbench: () => Workbench | undefined): {
  define(name: string, action: () => Promise<void>): void;
  close(): Promise<void>;
} {
  let failures = 0;
  return {
    define(name, action) {
      test(name, async () => {
        try {
          await step(workbench() as Workbench, name, action);
        } catch (error) {
          failures++;
          throw error;
        }
      });
    },
    async close() {
      const opened = workbench();
      if (!opened) return;
      const keepSandbox = failures > 0;
      await opened.close({ keepSandbox });
      if (keepSandbox) console.log(`e2e: sandbox kept for inspection: ${opened.sandbox.root} (code-server.log)`);
    },
  };
}
