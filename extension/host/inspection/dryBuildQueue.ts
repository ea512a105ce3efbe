/**
 * Schedules dry builds of model files: debounced per file, one build at a time, results
 * cached by the file's content hash (so reopening or re-saving unchanged text costs nothing).
 * No `vscode`: the builder and the clock are passed in.
 */

export interface DryBuildQueueOptions<Outcome> {
  build(file: string): Promise<Outcome>;
  onResult(file: string, outcome: Outcome): void;
  debounceMs: number;
  /** Cached outcomes kept at most. */
  cacheSize?: number;
}

const DEFAULT_CACHE_SIZE = 32;

export class DryBuildQueue<Outcome> {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Files waiting for a build, with the content hash asked for. */
  private readonly pending = new Map<string, string>();
  private readonly cache = new Map<string, Outcome>();
  /** The cache key of the build in progress. */
  private current: string | undefined;
  private disposed = false;

  constructor(private readonly options: DryBuildQueueOptions<Outcome>) {}

  /** Asks for a build of `file` whose saved content hashes to `hash`. */
  request(file: string, hash: string): void {
    clearTimeout(this.timers.get(file));
    this.timers.set(
      file,
      setTimeout(() => {
        this.timers.delete(file);
        this.enqueue(file, hash);
      }, this.options.debounceMs),
    );
  }

  get isBuilding(): boolean {
    return this.current !== undefined;
  }

  dispose(): void {
    this.disposed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.pending.clear();
  }

  private enqueue(file: string, hash: string): void {
    const key = cacheKey(file, hash);
    if (this.current === key) return;
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      this.pending.delete(file);
      this.options.onResult(file, cached);
      return;
    }
    this.pending.set(file, hash);
    void this.next();
  }

  private async next(): Promise<void> {
    if (this.current !== undefined || this.disposed) return;
    const entry = this.pending.entries().next();
    if (entry.done === true) return;
    const [file, hash] = entry.value;
    this.pending.delete(file);
    const key = cacheKey(file, hash);
    this.current = key;
    try {
      const outcome = await this.options.build(file);
      this.remember(key, outcome);
      if (!this.disposed) this.options.onResult(file, outcome);
    } finally {
      this.current = undefined;
      void this.next();
    }
  }

  private remember(key: string, outcome: Outcome): void {
    this.cache.delete(key);
    this.cache.set(key, outcome);
    const limit = this.options.cacheSize ?? DEFAULT_CACHE_SIZE;
    for (const oldest of this.cache.keys()) {
      if (this.cache.size <= limit) break;
      this.cache.delete(oldest);
    }
  }
}

function cacheKey(file: string, hash: string): string {
  return `${file}\0${hash}`;
}
