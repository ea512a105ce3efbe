/**
 * tfjs draws random numbers in JavaScript (dropout's mask is a `tf.randomUniform` made from JS
 * values), so a trace holds them as constants that a graph would replay every step. Tracing the
 * same batch twice finds them: a constant that differs between the two traces is random. Those
 * drawn uniformly from [0, 1) become TensorFlow `RandomUniform` ops, fresh each step as in eager
 * mode; any other varying value cannot be compiled.
 */
import { CompileUnsupported } from './compileUnsupported';
import { DataType } from './graphDef';
import type { OpRecording, RecordedConstant } from './opRecorder';

function sameValues(a: RecordedConstant, b: RecordedConstant): boolean {
  if (a.dtype !== b.dtype || a.values.byteLength !== b.values.byteLength) return false;
  const left = Buffer.from(a.values.buffer, a.values.byteOffset, a.values.byteLength);
  const right = Buffer.from(b.values.buffer, b.values.byteOffset, b.values.byteLength);
  return left.equals(right);
}

function isUnitUniform(constant: RecordedConstant): boolean {
  return constant.dtype === DataType.float && (constant.values as Float32Array).every((v) => v >= 0 && v < 1);
}

/** Two traces run the same ops and use as many constants (batch sizes may differ). */
export function checkSameStructure(first: OpRecording, second: OpRecording): void {
  const same =
    first.ops.length === second.ops.length &&
    first.constants.size === second.constants.size &&
    first.ops.every((op, index) => op.op === second.ops[index]?.op);
  if (!same) throw new CompileUnsupported('the training step runs different ops each time it is traced');
}

/** Positions (in first-use order) of the constants that are uniform random draws. */
export function randomConstantPositions(first: OpRecording, second: OpRecording): number[] {
  checkSameStructure(first, second);
  const a = [...first.constants.values()];
  const b = [...second.constants.values()];
  const positions: number[] = [];
  a.forEach((constant, position) => {
    const other = b[position] as RecordedConstant;
    if (sameValues(constant, other)) return;
    if (!isUnitUniform(constant) || !isUnitUniform(other))
      throw new CompileUnsupported(
        `the training step uses values computed in JavaScript that change every step (shape [${constant.shape.join(', ')}]), such as random noise a graph cannot redraw`,
      );
    positions.push(position);
  });
  return positions;
}

/** The ids, in one trace, of the constants at those positions. */
export function constantIdsAt(recording: OpRecording, positions: number[]): Set<number> {
  const ids = [...recording.constants.keys()];
  return new Set(positions.map((position) => ids[position] as number));
}
