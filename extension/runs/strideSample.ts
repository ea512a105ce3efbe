/**
 * A uniform sample of a stream of unknown length in bounded memory: it keeps every `stride`-th
 * item, and when full drops every other kept item and doubles the stride. The newest item is
 * always kept too, so a curve read this way ends where the run ends.
 */
export class StrideSample<T> {
  private kept: T[] = [];
  private stride = 1;
  private seen = 0;
  private newest: T | undefined;

  constructor(private readonly capacity: number) {
    if (capacity < 2) throw new Error('StrideSample capacity must be at least 2');
  }

  push(item: T): void {
    if (this.seen % this.stride === 0) {
      this.kept.push(item);
      if (this.kept.length > this.capacity) {
        this.kept = this.kept.filter((_, index) => index % 2 === 0);
        this.stride *= 2;
      }
    }
    this.seen++;
    this.newest = item;
  }

  /** Whether the next item pushed is kept: a caller whose items cost something to make makes only those. */
  get keepsNext(): boolean {
    return this.seen % this.stride === 0;
  }

  /** Counts an item that would not be kept, without it (the newest item is then the caller's to add). */
  pass(): void {
    this.seen++;
  }

  /** The sample, oldest first, ending with the newest item. */
  values(): T[] {
    if (this.newest === undefined || this.kept.at(-1) === this.newest) return this.kept.slice();
    return [...this.kept, this.newest];
  }
}
