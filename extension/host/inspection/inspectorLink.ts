/** Command links from a hover card into the inspector. Pure. */
export const SHOW_INSPECTOR_COMMAND = 'tensorscope.showInspector';

/** The command URI that opens the inspector on `layer`. */
export function inspectorCommandUri(modelFile: string, layer: string): string {
  return `command:${SHOW_INSPECTOR_COMMAND}?${encodeURIComponent(JSON.stringify([{ modelFile, layer }]))}`;
}

export function inspectorLink(modelFile: string, layer: string): string {
  return `[Open in Inspector](${inspectorCommandUri(modelFile, layer)} "Show this layer in the Tensorscope inspector")`;
}
