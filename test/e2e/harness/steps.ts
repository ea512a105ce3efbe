/**
 * Each e2e step ends with a screenshot named after it; a failing step says which step failed and
 * where its screenshot is, so a red CI run can be read without re-running it.
 */
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
