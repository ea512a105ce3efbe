/**
 * Samples what each layer is doing every N batches: activation statistics on a fixed probe
 * batch, weight statistics, gradient norms and update ratios of that step; and, once per epoch,
 * the probe example's feature maps and the first convolution's filters. Everything is reduced
 * here; the host and panels only ever see bins, numbers and small images.
 */
import type { LayersModel, SymbolicTensor, Tensor, layers as tfLayers } from '@tensorflow/tfjs';
import type { LayerStats, LayerStatsRecord, ProbeImage, ProbeRecord } from '../../protocol/inspection';
import { layerNameText } from '../../runs/boundedRecord';
import type { TensorFlow } from '../tensorflow';
import { GradientCapture } from './gradientCapture';
import { activationOf } from './layerActivation';
import { featureMapImages, filterImages } from './probeImages';
import { activationStats, tensorStats } from './tensorStats';

export const DEFAULT_SAMPLE_EVERY_BATCHES = 50;
const PROBE_EVERY_SAMPLES = 10;
const CONVOLUTION_CLASSES = new Set(['Conv2D', 'DepthwiseConv2D', 'SeparableConv2D']);

export interface InspectionSink {
  onLayerStats(record: LayerStatsRecord): void;
  onProbe(record: ProbeRecord): void;
}

export interface StepHooks {
  /** Whether the inspector looks at this step (a compiled run takes such steps eagerly). */
  samples(step: number): boolean;
  beforeBatch(step: number): void;
  afterBatch(step: number, epoch: number): Promise<void>;
}

interface Observed {
  layer: tfLayers.Layer;
  activation: string | undefined;
}

export class LayerInspector implements StepHooks {
  private readonly gradients: GradientCapture;
  private readonly activationModel: LayersModel | undefined;
  private readonly observed: Observed[];
  private lastProbedEpoch = -1;
  private lastProbedStep = 0;

  constructor(
    private readonly tf: TensorFlow,
    private readonly model: LayersModel,
    /** One tensor, or one per model input. */
    private readonly probeInputs: Tensor | Tensor[],
    private readonly probeLabel: string,
    private readonly sampleEveryBatches: number,
    private readonly sink: InspectionSink,
  ) {
    this.gradients = new GradientCapture(tf, model);
    this.observed = model.layers
      .filter((layer) => singleOutput(layer) !== undefined)
      .map((layer) => ({ layer, activation: activationOf(layer) }));
    this.activationModel = this.buildActivationModel();
  }

  samples(step: number): boolean {
    return this.sampleEveryBatches > 0 && (step === 1 || step % this.sampleEveryBatches === 0);
  }

  beforeBatch(step: number): void {
    if (this.samples(step)) this.gradients.arm();
  }

  async afterBatch(step: number, epoch: number): Promise<void> {
    if (!this.samples(step)) return;
    const gradients = await this.gradients.collect();
    const outputs = this.activationModel ? (this.activationModel.predict(this.probeInputs) as Tensor | Tensor[]) : [];
    const activations = Array.isArray(outputs) ? outputs : [outputs];
    try {
      const layers: LayerStats[] = [];
      const images: ProbeImage[] = [];
      // Feature maps once per epoch, and every few samples within long epochs.
      const probeNow =
        epoch !== this.lastProbedEpoch || step - this.lastProbedStep >= PROBE_EVERY_SAMPLES * this.sampleEveryBatches;
      for (const [index, { layer, activation }] of this.observed.entries()) {
        const output = activations[index];
        const values = output ? await output.data() : undefined;
        const units = output?.shape[output.shape.length - 1] ?? 0;
        const kernel = layer.trainableWeights[0];
        const weightValues = kernel ? await kernel.read().data() : undefined;
        const grad = gradients?.get(layer.name);
        layers.push({
          name: layerNameText(layer.name),
          ...(values && { activation: activationStats(values, units, activation) }),
          ...(weightValues && { weights: tensorStats(weightValues) }),
          ...(gradients && { gradientNorm: grad?.gradientNorm ?? null, updateRatio: grad?.updateRatio ?? null }),
        });
        if (probeNow && values && output) images.push(...this.probeImages(layer, output, values, weightValues));
      }
      const time = Date.now();
      this.sink.onLayerStats({ step, epoch, time, layers });
      if (probeNow && images.length > 0) {
        this.lastProbedEpoch = epoch;
        this.lastProbedStep = step;
        this.sink.onProbe({ step, epoch, time, example: this.probeLabel, images });
      }
    } finally {
      this.tf.dispose(activations);
    }
  }

  dispose(): void {
    this.tf.dispose(this.probeInputs);
  }

  private probeImages(
    layer: tfLayers.Layer,
    output: Tensor,
    values: ArrayLike<number>,
    kernel: ArrayLike<number> | undefined,
  ): ProbeImage[] {
    if (!CONVOLUTION_CLASSES.has(layer.getClassName()) || output.rank !== 4) return [];
    const [, height = 0, width = 0, channels = 0] = output.shape;
    const images = [featureMapImages(layerNameText(layer.name), values, height, width, channels)];
    const isFirstConvolution =
      this.observed.find(({ layer: l }) => CONVOLUTION_CLASSES.has(l.getClassName()))?.layer === layer;
    const kernelShape = layer.trainableWeights[0]?.shape;
    if (isFirstConvolution && kernel && kernelShape?.length === 4) {
      const [kh = 0, kw = 0, inChannels = 1, outChannels = 0] = kernelShape as number[];
      images.push(filterImages(layerNameText(layer.name), kernel, kh, kw, inChannels, outChannels));
    }
    return images;
  }

  private buildActivationModel(): LayersModel | undefined {
    try {
      const outputs = this.observed.map(({ layer }) => singleOutput(layer) as SymbolicTensor);
      return this.tf.model({ inputs: this.model.inputs, outputs });
    } catch {
      return undefined; // e.g. a subclassed model without a static graph: gradients and weights still work
    }
  }
}

function singleOutput(layer: tfLayers.Layer): SymbolicTensor | undefined {
  try {
    const output = layer.output;
    return Array.isArray(output) ? undefined : output;
  } catch {
    return undefined;
  }
}
