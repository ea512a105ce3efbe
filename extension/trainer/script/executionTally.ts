/**
 * What run.json's `execution` says about a script's fit calls: the first call's way and reason
 * (what the header showed), how many calls of the run's model trained each way, and the calls that
 * trained another way than the call before them (the first few).
 */
import { MAX_EXECUTION_CHANGES, type ExecutionInfo } from '../../protocol/model';

type Way = ExecutionInfo['execution'];

export class ExecutionTally {
  private info: ExecutionInfo | undefined;
  private previous: Way | undefined;
  private calls = 0;

  /** Counts one fit call of the run's model; whether it trains another way than the call before it. */
  count(execution: Way, reason: string): boolean {
    this.calls += 1;
    const changed = this.previous !== undefined && execution !== this.previous;
    this.previous = execution;
    const info = this.info ?? { execution, reason, fitCalls: { graph: 0, eager: 0 } };
    const fitCalls = { graph: info.fitCalls?.graph ?? 0, eager: info.fitCalls?.eager ?? 0 };
    fitCalls[execution] += 1;
    const changes = info.changes ?? [];
    const kept = changed && changes.length < MAX_EXECUTION_CHANGES;
    this.info = {
      ...info,
      fitCalls,
      ...((kept || changes.length > 0) && {
        changes: kept ? [...changes, { fitCall: this.calls, execution, reason }] : changes,
      }),
    };
    return changed;
  }

  /** run.json's `execution` so far. */
  get current(): ExecutionInfo | undefined {
    return this.info;
  }
}
