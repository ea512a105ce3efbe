/**
 * Tells the calls of a layer-building helper apart. A stack shows where a helper was called, not
 * which call it is: a helper called in a loop is called six times from one line. Layers arrive in
 * construction order, so a call ends when another helper builds a layer, or when the same helper
 * builds on a line at or above its previous layer's (its code started over). Pure.
 */
import type { SourceLocation } from '../../protocol/model';

export class HelperCalls {
  private readonly counts = new Map<string, number>();
  private last: { key: string; line: number; call: number } | undefined;

  /** The call index (from 0) of `helper`, called at `site`, building a layer on `line`. */
  callOf(helper: string, site: SourceLocation, line: number): number {
    const key = `${helper}@${site.file}:${site.line}:${site.column}`;
    if (this.last?.key === key && line > this.last.line) {
      this.last.line = line;
      return this.last.call;
    }
    const call = this.counts.get(key) ?? 0;
    this.counts.set(key, call + 1);
    this.last = { key, line, call };
    return call;
  }
}
