import * as path from 'node:path';

/** How a model file is named in titles and the status bar: its folder too, since model files are often all `model.ts`. */
export function modelDisplayName(modelFile: string): string {
  const folder = path.basename(path.dirname(modelFile));
  return folder ? `${folder}/${path.basename(modelFile)}` : path.basename(modelFile);
}
