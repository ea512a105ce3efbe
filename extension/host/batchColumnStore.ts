/**
 * The live run's batch series on the host, as columns (see protocol/batchColumns): about 40
 * bytes a batch for the loss and one metric, so a run of 10^6 steps keeps every batch. Past
 * `capacity`, every other point of the older half is dropped (the stride doubles), as
 * SeriesBuffer does. The panel gets a view of it downsampled for the range it shows: per
 * bucket of steps (about two per pixel column), the batches with the lowest and the highest
 * loss, so spikes and dips survive; zooming in asks for the finer view of that range.
 */
import type { BatchColumns } from '../protocol/batchColumns';
import { columnsOfLength } from '../protocol/batchColumns';
import type { BatchRecord } from '../protocol/records';

const INITIAL_CAPACITY = 1024;

/** Batches the live run keeps at full resolution (~20 MB of columns): a run of 10^6 steps keeps its newer half whole. */
export const HOST_BATCH_CAPACITY = 1 << 19;
/** The panel's view of the whole run: about two points per pixel column of a wide chart. */
export const OVERVIEW_POINTS = 4_000;

export class BatchColumnStore {
  private columns: BatchColumns = columnsOfLength(INITIAL_CAPACITY, []);
  private size = 0;

  constructor(private readonly capacity: number) {
    if (capacity < 4) throw new Error('BatchColumnStore capacity must be at least 4');
  }

  get length(): number {
    return this.size;
  }

  clear(): void {
    this.columns = columnsOfLength(INITIAL_CAPACITY, []);
    this.size = 0;
  }

  push(records: readonly BatchRecord[]): void {
    for (const record of records) {
      if (this.size === this.columns.step.length) this.grow();
      const at = this.size++;
      const { epoch, batch, step, time } = this.columns;
      epoch[at] = record.epoch;
      batch[at] = record.batch;
      step[at] = record.step;
      time[at] = record.time;
      for (const [name, value] of Object.entries(record.logs)) this.metric(name)[at] = value;
      for (const [name, values] of Object.entries(this.columns.logs)) {
        if (!(name in record.logs)) values[at] = Number.NaN;
      }
    }
  }

  /**
   * Batches with steps in [fromStep, toStep], at most about `maxPoints` of them: all when
   * they fit, else per bucket of steps the lowest and highest loss (and the first and last).
   */
  view(fromStep: number, toStep: number, maxPoints: number): BatchColumns {
    const start = this.indexAtOrAfter(fromStep);
    const end = this.indexAtOrAfter(toStep + 1);
    const indices = end - start <= maxPoints ? rangeOf(start, end) : this.extremes(start, end, maxPoints);
    return this.pick(indices);
  }

  /** The whole run, downsampled to about `maxPoints`. */
  overview(maxPoints: number): BatchColumns {
    if (this.size === 0) return this.pick([]);
    return this.view(this.columns.step[0] as number, this.columns.step[this.size - 1] as number, maxPoints);
  }

  private metric(name: string): Float64Array {
    let values = this.columns.logs[name];
    if (values === undefined) {
      values = new Float64Array(this.columns.step.length).fill(Number.NaN, 0, this.size);
      this.columns = { ...this.columns, logs: { ...this.columns.logs, [name]: values } };
    }
    return values;
  }

  /** Doubles the arrays up to the capacity; at the capacity, thins the older half instead. */
  private grow(): void {
    const current = this.columns.step.length;
    if (current < this.capacity) {
      this.resize(Math.min(this.capacity, current * 2));
      return;
    }
    const half = Math.floor(this.size / 2);
    const kept = [...rangeOf(0, half).filter((i) => i % 2 === 0), ...rangeOf(half, this.size)];
    const thinned = this.pick(kept);
    this.columns = columnsOfLength(current, Object.keys(thinned.logs));
    this.copyIn(thinned, kept.length);
    this.size = kept.length;
  }

  private resize(length: number): void {
    const old = this.columns;
    this.columns = columnsOfLength(length, Object.keys(old.logs));
    this.copyIn(old, this.size);
  }

  private copyIn(source: BatchColumns, count: number): void {
    const target = this.columns;
    target.epoch.set(source.epoch.subarray(0, count));
    target.batch.set(source.batch.subarray(0, count));
    target.step.set(source.step.subarray(0, count));
    target.time.set(source.time.subarray(0, count));
    for (const [name, values] of Object.entries(source.logs)) target.logs[name]?.set(values.subarray(0, count));
  }

  /** The first index whose step is at least `step` (steps ascend). */
  private indexAtOrAfter(step: number): number {
    let low = 0;
    let high = this.size;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((this.columns.step[mid] as number) < step) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Per bucket of steps, the indices of the lowest and highest loss (the first metric without one). */
  private extremes(start: number, end: number, maxPoints: number): number[] {
    const { step, logs } = this.columns;
    const key = logs['loss'] ?? Object.values(logs)[0];
    const buckets = Math.max(1, Math.floor(maxPoints / 2) - 1);
    const first = step[start] as number;
    const width = ((step[end - 1] as number) - first + 1) / buckets;
    const picked: number[] = [start];
    let bucket = -1;
    let low = -1;
    let high = -1;
    const flush = (): void => {
      if (low < 0) return;
      picked.push(Math.min(low, high));
      if (high !== low) picked.push(Math.max(low, high));
    };
    for (let i = start + 1; i < end - 1; i++) {
      const b = Math.floor(((step[i] as number) - first) / width);
      if (b !== bucket) {
        flush();
        bucket = b;
        low = high = i;
      }
      if (key === undefined) continue;
      const value = key[i] as number;
      if (value < (key[low] as number) || Number.isNaN(key[low] as number)) low = i;
      if (value > (key[high] as number) || Number.isNaN(key[high] as number)) high = i;
    }
    flush();
    if (end - 1 > start) picked.push(end - 1);
    return picked;
  }

  private pick(indices: readonly number[]): BatchColumns {
    const source = this.columns;
    const result = columnsOfLength(indices.length, Object.keys(source.logs));
    indices.forEach((from, to) => {
      result.epoch[to] = source.epoch[from] as number;
      result.batch[to] = source.batch[from] as number;
      result.step[to] = source.step[from] as number;
      result.time[to] = source.time[from] as number;
    });
    for (const [name, values] of Object.entries(source.logs)) {
      const target = result.logs[name] as Float64Array;
      indices.forEach((from, to) => (target[to] = values[from] as number));
    }
    return result;
  }
}

function rangeOf(start: number, end: number): number[] {
  return Array.from({ length: Math.max(0, end - start) }, (_, i) => start + i);
}
