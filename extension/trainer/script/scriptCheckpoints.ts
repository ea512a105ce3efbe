/**
 * Script mode's checkpoints, throttled by time. Scripts that call fit once per epoch (or per
 * batch) in a loop make hundreds of calls of a few milliseconds each; writing `last` at the
 * epoch's end, `best` when it improved and `last` again after the call (to catch what the
 * script's onTrainEnd set, restored best weights say) cost three full checkpoints per call.
 *
 * Each checkpoint is written at most once per interval. A state that must not be lost but falls
 * inside the interval (the call's final state after the script's callbacks, a new best epoch) is
 * read into memory and written once the interval has passed, on a stop, when the script is done,
 * and at the process's exit (a script's own process.exit after training); a plain epoch end
 * inside the interval is skipped, since its call's end holds a newer state. A crash loses at most
 * the last interval's checkpoints.
 */
import type { LayersModel } from '@tensorflow/tfjs';
import { BEST_CHECKPOINT, LAST_CHECKPOINT, type CheckpointPosition } from '../../runs/checkpointFiles';
import type { RunWriter } from '../../runs/runWriter';
import { captureCheckpoint, writeCapturedCheckpoint, type CapturedCheckpoint } from '../checkpoint';
import { writeBeforeExit } from '../processEnd';
import type { BestEpoch, EpochCheckpoints } from '../runRecorder';
import type { TensorFlow } from '../tensorflow';

/** At most one write of each checkpoint per this long. */
export const SCRIPT_CHECKPOINT_INTERVAL_MS = 2_000;

interface Held {
  captured: CapturedCheckpoint;
  position: CheckpointPosition;
  best?: BestEpoch;
}

export class ThrottledCheckpoints implements EpochCheckpoints {
  private readonly writtenAt = new Map<string, number>();
  private readonly held = new Map<string, Held>();
  private readonly forgetExitWrite: () => void;

  constructor(
    private readonly tf: TensorFlow,
    private readonly model: LayersModel,
    private readonly writer: RunWriter,
    private readonly intervalMs = SCRIPT_CHECKPOINT_INTERVAL_MS,
  ) {
    this.forgetExitWrite = writeBeforeExit(() => this.writeHeld());
  }

  async atEpochEnd(position: CheckpointPosition, best: BestEpoch | undefined): Promise<void> {
    if (this.due(LAST_CHECKPOINT)) await this.writeNow(LAST_CHECKPOINT, position);
    if (best) await this.keep(BEST_CHECKPOINT, position, best);
    this.writeHeldThatAreDue();
  }

  /** After a fit call and the script's callbacks: the state the call ended with. */
  async atFitEnd(position: CheckpointPosition): Promise<void> {
    await this.keep(LAST_CHECKPOINT, position);
    this.writeHeldThatAreDue();
  }

  /** Writes every held checkpoint now (a stop, the script done). */
  writeHeld(): void {
    for (const name of [...this.held.keys()]) this.writeHeldOne(name);
  }

  /** Writes what is held and stops watching the process's exit. */
  dispose(): void {
    this.writeHeld();
    this.forgetExitWrite();
  }

  private due(name: string): boolean {
    return Date.now() - (this.writtenAt.get(name) ?? -Infinity) >= this.intervalMs;
  }

  private async writeNow(name: string, position: CheckpointPosition, best?: BestEpoch): Promise<void> {
    this.write(name, { captured: await captureCheckpoint(this.tf, this.model), position, best });
  }

  /** Writes the state now if due, else holds it in memory for later. */
  private async keep(name: string, position: CheckpointPosition, best?: BestEpoch): Promise<void> {
    if (this.due(name)) return this.writeNow(name, position, best);
    this.held.set(name, { captured: await captureCheckpoint(this.tf, this.model), position, best });
  }

  private writeHeldThatAreDue(): void {
    for (const name of [...this.held.keys()]) if (this.due(name)) this.writeHeldOne(name);
  }

  private writeHeldOne(name: string): void {
    const held = this.held.get(name);
    if (held) this.write(name, held);
  }

  private write(name: string, { captured, position, best }: Held): void {
    // Anything held for this name is older than what is written now.
    this.held.delete(name);
    writeCapturedCheckpoint(captured, this.writer.runDir, name, position);
    this.writtenAt.set(name, Date.now());
    // run.json names the best epoch once its checkpoint is on disk.
    if (best) this.writer.update({ best: { epoch: position.epoch, [best.name]: best.value } });
  }
}
