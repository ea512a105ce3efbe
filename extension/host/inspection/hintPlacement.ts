/**
 * Where each layer's shape and parameter count show (`tensorscope.inlayHints.position`): as a
 * CodeLens line above it (the default: the code stays where it is, and the hint whole, however
 * narrow the editor beside the panel), at the start of its line (pushes the code right), or at
 * the end (off the right edge of a narrow editor).
 */
import * as vscode from 'vscode';

export type HintPosition = 'start' | 'end' | 'above';

/** The setting's default (package.json says the same). */
export const DEFAULT_HINT_POSITION: HintPosition = 'above';

/** Both settings of the layer hints: a change to either refreshes them. */
export const LAYER_HINT_SETTINGS = ['tensorscope.inlayHints.enabled', 'tensorscope.inlayHints.position'];

const POSITIONS: readonly HintPosition[] = ['start', 'end', 'above'];

/** Where the hints go for this document; `off` when they are turned off. */
export function hintPosition(document: vscode.TextDocument): HintPosition | 'off' {
  const config = vscode.workspace.getConfiguration('tensorscope', document.uri);
  if (!config.get('inlayHints.enabled', true)) return 'off';
  const position = config.get<string>('inlayHints.position', DEFAULT_HINT_POSITION);
  return POSITIONS.includes(position as HintPosition) ? (position as HintPosition) : DEFAULT_HINT_POSITION;
}

export function affectsLayerHints(event: vscode.ConfigurationChangeEvent): boolean {
  return LAYER_HINT_SETTINGS.some((setting) => event.affectsConfiguration(setting));
}
