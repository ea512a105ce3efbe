import type { BatchRecord } from '../protocol/records';
import type { TrainerToHost, WithoutVersion } from '../protocol/trainerMessages';

export type OutgoingMessage = WithoutVersion<TrainerToHost>;

export const COALESCE_INTERVAL_MS = 16;

/**
 * Merges consecutive `batches` messages sent within a short interval into one, so a model that
 * finishes thousands of batches a second sends tens of messages. Any other message first
 * flushes the pending batches, so order is kept.
 */
export class BatchCoalescer {
  private pending: BatchRecord[] = [];
  private lastDelivery = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deliver: (message: OutgoingMessage) => void,
    private readonly intervalMs = COALESCE_INTERVAL_MS,
  ) {}

  send(message: OutgoingMessage): void {
    if (message.type !== 'batches') {
      this.flush();
      this.deliver(message);
      return;
    }
    this.pending.push(...message.records);
    if (Date.now() - this.lastDelivery >= this.intervalMs) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const records = this.pending;
    this.pending = [];
    this.lastDelivery = Date.now();
    this.deliver({ type: 'batches', records });
  }
}
