/** The Compare panel's view choices, kept across reloads with the webview's `setState` (validated on the way back). */
import { boolean, object, type Infer } from '../../extension/protocol/schema';

const compareViewSchema = object({ batches: boolean(), yLog: boolean(), onlyDiffering: boolean() });
export type CompareView = Infer<typeof compareViewSchema>;

export const DEFAULT_COMPARE_VIEW: CompareView = { batches: false, yLog: false, onlyDiffering: false };

export function parseCompareView(value: unknown): CompareView {
  const view = typeof value === 'object' && value !== null ? (value as { view?: unknown }).view : undefined;
  const result = compareViewSchema.check(view, 'view');
  return result.ok ? result.value : { ...DEFAULT_COMPARE_VIEW };
}
