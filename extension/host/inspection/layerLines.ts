/** Which layers were built on which line of a file, from a model summary's source locations. Pure. */
import * as path from 'node:path';
import type { LayerSummary, ModelSummary } from '../../protocol/model';

/** Layers by 1-based line, in model order; layers made in a loop or helper share a line. */
export function layersByLine(summary: ModelSummary, file: string): Map<number, LayerSummary[]> {
  const byLine = new Map<number, LayerSummary[]>();
  for (const layer of summary.layers) {
    if (layer.source === undefined || !sameFile(layer.source.file, file)) continue;
    const list = byLine.get(layer.source.line) ?? [];
    list.push(layer);
    byLine.set(layer.source.line, list);
  }
  return byLine;
}

export function sameFile(a: string, b: string): boolean {
  return path.resolve(a) === path.resolve(b);
}

/** Where the layer was built: the model file or any other file of the user's (a helper, `model.js`). */
export function sourceOfLayer(summary: ModelSummary, layerName: string): { file: string; line: number } | undefined {
  const source = summary.layers.find((candidate) => candidate.name === layerName)?.source;
  return source && { file: source.file, line: source.line };
}

const CREATE_MODEL = /\b(?:function\s*\*?\s*createModel\b|(?:const|let|var)\s+createModel\b|exports\.createModel\s*=)/;

/** The 0-based line that declares `createModel`, or -1. */
export function createModelLine(text: string): number {
  return text.split('\n').findIndex((line) => CREATE_MODEL.test(line));
}
