/**
 * The pre-flight check: one batch forward and backward on real data before any training, to
 * catch what would waste a run: a layer that gets no gradient, an initial loss far from what a
 * fresh model should show, labels that do not match the output.
 */
import type { LayersModel, Scalar, Tensor, Variable } from '@tensorflow/tfjs';
import type { PreflightReport } from '../../protocol/inspection';
import type { ModelSummary, TrainingConfig } from '../../protocol/model';
import { TrainerFailure } from '../failure';
import type { TensorFlow } from '../tensorflow';
import { firstOf, type Batch } from './firstBatch';
import { layerOfVariable } from './gradientCapture';

type Finding = PreflightReport['findings'][number];
type LossFunction = (yTrue: Tensor, yPred: Tensor) => Tensor;

/** What a freshly initialised model's loss should be near, and why. */
export function expectedInitialLoss(
  loss: string,
  classes: number,
  labels: ArrayLike<number>,
): { value: number | null; reason: string } {
  const name = loss.toLowerCase();
  if (name.includes('categoricalcrossentropy') && classes > 1) {
    return {
      value: Math.log(classes),
      reason: `ln(${classes}) for ${classes}-class cross-entropy: a fresh model guesses every class equally`,
    };
  }
  if (name.includes('binarycrossentropy'))
    return { value: Math.log(2), reason: 'ln(2) for binary cross-entropy: a fresh model guesses 50/50' };
  if (name.includes('meansquarederror') && labels.length > 0) {
    let sumSquares = 0;
    for (let i = 0; i < labels.length; i++) sumSquares += (labels[i] as number) ** 2;
    return {
      value: sumSquares / labels.length,
      reason: 'mean of y² for squared error: a fresh model predicts about 0',
    };
  }
  return { value: null, reason: `no reference value for the ${loss} loss` };
}

function gradientFindings(layers: PreflightReport['layers'], summary: ModelSummary): Finding[] {
  const findings: Finding[] = [];
  for (const layer of layers) {
    const trainable = summary.layers.find((l) => l.name === layer.name)?.trainableParams ?? 0;
    if (trainable === 0 || layer.gradientNorm === null) continue;
    if (!Number.isFinite(layer.gradientNorm)) {
      findings.push({
        severity: 'error',
        layer: layer.name,
        message: `${layer.name} gets a non-finite gradient (${layer.gradientNorm}): check the inputs and the loss for NaN or huge values.`,
      });
    } else if (layer.gradientNorm === 0) {
      findings.push({
        severity: 'error',
        layer: layer.name,
        message: `${layer.name} gets no gradient at all, so it will never learn. Common causes: all its ReLU units are dead (negative pre-activations), or a later layer blocks the gradient.`,
      });
    } else if (layer.gradientNorm < 1e-7) {
      findings.push({
        severity: 'warning',
        layer: layer.name,
        message: `${layer.name} gets a vanishing gradient (${layer.gradientNorm.toExponential(1)}): it will learn very slowly.`,
      });
    }
  }
  return findings;
}

function lossFinding(initialLoss: number, expected: number | null): Finding {
  if (!Number.isFinite(initialLoss))
    return {
      severity: 'error',
      message: `The initial loss is ${initialLoss}: check the data for NaN and the labels' encoding.`,
    };
  if (expected === null) return { severity: 'ok', message: `Initial loss ${initialLoss.toPrecision(4)}.` };
  const ratio = initialLoss / expected;
  if (ratio > 3) {
    return {
      severity: 'warning',
      message: `The initial loss ${initialLoss.toPrecision(4)} is ${ratio.toFixed(1)}× the expected ${expected.toPrecision(4)}: the output layer may be badly scaled, or the labels encoded differently from what the loss expects (one-hot vs. class index).`,
    };
  }
  return {
    severity: 'ok',
    message: `Initial loss ${initialLoss.toPrecision(4)}, close to the expected ${expected.toPrecision(4)}.`,
  };
}

export async function runPreflight(
  tf: TensorFlow,
  model: LayersModel,
  config: TrainingConfig,
  summary: ModelSummary,
  batch: Batch,
): Promise<PreflightReport> {
  // The compiled loss functions live on the LayersModel (a Sequential keeps one inside as `model`).
  type WithLosses = { lossFunctions?: LossFunction[]; model?: WithLosses };
  const compiled = model as unknown as WithLosses;
  const lossFunctions = compiled.lossFunctions ?? compiled.model?.lossFunctions;
  const lossFn = lossFunctions?.[0];
  if (!lossFn) throw new TrainerFailure('contract', 'The model has no loss function after compiling.');
  const variables = model.trainableWeights.map((weight) => weight.read() as Variable);
  const first = firstOf(batch);
  let measured: { value: Tensor; grads: Record<string, Tensor> };
  try {
    // A model with several outputs: the first output's loss (its loss functions are per output).
    measured = tf.variableGrads(() => {
      const output = model.apply(batch.xs, { training: true }) as Tensor | Tensor[];
      return tf.mean(lossFn(first.ys, Array.isArray(output) ? (output[0] as Tensor) : output)) as Scalar;
    }, variables);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new TrainerFailure(
      'data',
      `One batch forward and backward failed: ${message}`,
      undefined,
      'Check that the data shapes match the model input and output shapes.',
    );
  }
  const initialLoss = (await measured.value.data())[0] ?? Number.NaN;
  const owners = layerOfVariable(model);
  const squares = new Map<string, number>();
  for (const [name, gradient] of Object.entries(measured.grads)) {
    const layer = owners.get(name) ?? name;
    const square = (await tf.tidy(() => tf.sum(tf.square(gradient))).data())[0] ?? 0;
    squares.set(layer, (squares.get(layer) ?? 0) + square);
  }
  tf.dispose([measured.value, ...Object.values(measured.grads)]);
  const layers = summary.layers.map((layer) => ({
    name: layer.name,
    outputShape: layer.outputShape,
    gradientNorm: squares.has(layer.name) ? Math.sqrt(squares.get(layer.name) ?? 0) : null,
  }));
  const classes = first.ys.shape[first.ys.shape.length - 1] ?? 1;
  const expected = expectedInitialLoss(config.loss, classes, await first.ys.data());
  const findings = [lossFinding(initialLoss, expected.value), ...gradientFindings(layers, summary)];
  if (!findings.some((finding) => finding.severity !== 'ok'))
    findings.push({ severity: 'ok', message: 'Every layer with weights gets a gradient.' });
  return {
    summary,
    loss: config.loss,
    initialLoss,
    expectedInitialLoss: expected.value,
    expectedReason: expected.reason,
    batchSize: first.xs.shape[0] ?? 0,
    inputShape: first.xs.shape,
    labelShape: first.ys.shape,
    layers,
    findings,
  };
}
