/**
 * A bounded series for a run of any length: when full, every other point of the older half
 * is dropped (the stride doubles), so memory stays bounded while the whole run remains visible
 * and the newest points stay at full resolution.
 */
export class SeriesBuffer<T> {
  private items: T[] = [];
  private total = 0;

  constructor(private readonly capacity: number) {
    if (capacity < 4) throw new Error('SeriesBuffer capacity must be at least 4');
  }

  push(...items: T[]): void {
    for (const item of items) {
      this.items.push(item);
      this.total++;
      if (this.items.length > this.capacity) this.compact();
    }
  }

  /** Points currently kept, oldest first. */
  values(): T[] {
    return this.items.slice();
  }

  /** The newest point, if any. */
  last(): T | undefined {
    return this.items.at(-1);
  }

  get length(): number {
    return this.items.length;
  }

  /** Points ever pushed. */
  get pushed(): number {
    return this.total;
  }

  clear(): void {
    this.items = [];
    this.total = 0;
  }

  private compact(): void {
    const half = Math.floor(this.items.length / 2);
    const older = this.items.slice(0, half).filter((_, index) => index % 2 === 0);
    this.items = older.concat(this.items.slice(half));
  }
}
