/**
 * Where each layer's shape and parameter count show (`tensorscope.inlayHints.position`): at
 * the start of its line (stays in view when the panel beside the editor narrows it), at the
 * end (off the right edge of a narrow editor), or as a CodeLens line above it.
 */
import * as vscode from 'vscode';

export type HintPosition = 'start' | 'end' | 'above';

/** Both settings of the layer hints: a change to either refreshes them. */
export const LAYER_HINT_SETTINGS = ['tensorscope.inlayHints.enabled', 'tensorscope.inlayHints.position'];

const POSITIONS: readonly HintPosition[] = ['start', 'end', 'above'];

/** Where the hints go for this document; `off` when they are turned off. */
export function hintPosition(document: vscode.TextDocument): HintPosition | 'off' {
  const config = vscode.workspace.getConfiguration('tensorscope', document.uri);
  if (!config.get('inlayHints.enabled', true)) return 'off';
  const position = config.get<string>('inlayHints.position', 'start');
  return POSITIONS.includes(position as HintPosition) ? (position as HintPosition) : 'start';
}

export function affectsLayerHints(event: vscode.ConfigurationChangeEvent): boolean {
  return LAYER_HINT_SETTINGS.some((setting) => event.affectsConfiguration(setting));
}
