/**
 * Measures, for one chosen optimizer step, each layer's gradient norm and its update ratio
 * ‖Δw‖/‖w‖, by wrapping the optimizer's `applyGradients`. Other steps pass straight through:
 * no extra work and no sync point.
 */
import type { LayersModel, NamedTensorMap, Optimizer, Tensor } from '@tensorflow/tfjs';

interface NamedTensor {
  name: string;
  tensor: Tensor;
}
import type { TensorFlow } from '../tensorflow';

export interface LayerGradients {
  gradientNorm: number;
  updateRatio: number | null;
}

/** Which layer owns each trainable variable, by the variable's name. */
export function layerOfVariable(model: LayersModel): Map<string, string> {
  const owners = new Map<string, string>();
  for (const layer of model.layers) {
    for (const weight of layer.trainableWeights) owners.set(weight.name, layer.name);
  }
  return owners;
}

interface Captured {
  /** Per variable: squared gradient norm, squared update norm, squared weight norm. */
  squares: Tensor;
  names: string[];
}

export class GradientCapture {
  private armed = false;
  private captured: Captured | undefined;
  private readonly layerOfVariable: Map<string, string>;

  constructor(
    private readonly tf: TensorFlow,
    model: LayersModel,
  ) {
    this.layerOfVariable = layerOfVariable(model);
    this.wrap(model.optimizer);
  }

  /** Capture the next optimizer step. */
  arm(): void {
    this.armed = true;
  }

  /** Per-layer results of the captured step, read asynchronously; undefined when none was captured. */
  async collect(): Promise<Map<string, LayerGradients> | undefined> {
    const captured = this.captured;
    this.captured = undefined;
    if (!captured) return undefined;
    const values = await captured.squares.data();
    captured.squares.dispose();
    const perLayer = new Map<string, { gradient: number; update: number; weight: number }>();
    captured.names.forEach((name, i) => {
      const layer = this.layerOfVariable.get(name) ?? name;
      const sums = perLayer.get(layer) ?? { gradient: 0, update: 0, weight: 0 };
      sums.gradient += values[i * 3] ?? 0;
      sums.update += values[i * 3 + 1] ?? 0;
      sums.weight += values[i * 3 + 2] ?? 0;
      perLayer.set(layer, sums);
    });
    return new Map(
      [...perLayer].map(([layer, sums]) => [
        layer,
        {
          gradientNorm: Math.sqrt(sums.gradient),
          updateRatio: sums.weight > 0 ? Math.sqrt(sums.update) / Math.sqrt(sums.weight) : null,
        },
      ]),
    );
  }

  private wrap(optimizer: Optimizer | undefined): void {
    if (!optimizer) return;
    const apply = optimizer.applyGradients.bind(optimizer);
    optimizer.applyGradients = (gradients) => {
      if (!this.armed) {
        apply(gradients);
        return;
      }
      this.armed = false;
      this.measure(gradients, apply);
    };
  }

  private measure(
    gradients: NamedTensorMap | NamedTensor[],
    apply: (gradients: NamedTensorMap | NamedTensor[]) => void,
  ): void {
    const { tf } = this;
    const variables = tf.engine().registeredVariables;
    // minimize() passes a list when it was given the variables (as layers models do), else a map.
    const byName: NamedTensorMap = Array.isArray(gradients)
      ? Object.fromEntries(gradients.map((g) => [g.name, g.tensor]))
      : gradients;
    const names = Object.keys(byName).filter((name) => variables[name] !== undefined && byName[name] !== undefined);
    const before = names.map((name) => tf.clone(variables[name] as Tensor));
    apply(gradients);
    const squares = tf.tidy(() =>
      tf.stack(
        names.flatMap((name, i) => {
          const variable = variables[name] as Tensor;
          return [
            tf.sum(tf.square(byName[name] as Tensor)),
            tf.sum(tf.square(tf.sub(variable, before[i] as Tensor))),
            tf.sum(tf.square(variable)),
          ];
        }),
      ),
    );
    tf.dispose(before);
    this.captured?.squares.dispose();
    // The training step runs inside tf.tidy: keep the result past the end of the step.
    this.captured = { squares: tf.keep(squares), names };
  }
}
