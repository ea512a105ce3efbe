/**
 * The panel's view choices, kept across reloads with the webview's `setState`. What comes
 * back from `getState` may be from an older build, so it is validated, field by field.
 */
import { clampWeight } from '../chart/smoothing';
import { number, object, oneOf, type Infer } from '../../extension/protocol/schema';

const uiSettingsSchema = object({
  smoothing: number(),
  yScale: oneOf('linear', 'log'),
  /** Step, epoch, time since the run started, or time of day. */
  xAxis: oneOf('step', 'epoch', 'relative', 'wall'),
});
export type UiSettings = Infer<typeof uiSettingsSchema>;
export type YScale = UiSettings['yScale'];
export type XAxis = UiSettings['xAxis'];

/** The smoothing slider's range: 0 (off) to 0.99, in steps of 0.01. */
export const MAX_UI_SMOOTHING = 0.99;

export const DEFAULT_UI_SETTINGS: UiSettings = { smoothing: 0.6, yScale: 'linear', xAxis: 'step' };

/** Settings from persisted state, or the defaults when there are none or they do not fit. */
export function parseUiSettings(value: unknown): UiSettings {
  const settings = typeof value === 'object' && value !== null ? (value as { settings?: unknown }).settings : undefined;
  const result = uiSettingsSchema.check(settings, 'settings');
  if (!result.ok) return { ...DEFAULT_UI_SETTINGS };
  return { ...result.value, smoothing: Math.min(clampWeight(result.value.smoothing), MAX_UI_SMOOTHING) };
}

/** The object the webview stores with `setState`. */
export function persistedState(settings: UiSettings): { settings: UiSettings } {
  return { settings };
}
