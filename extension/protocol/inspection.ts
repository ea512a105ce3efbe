/**
 * What the trainer measures inside the model (issue: see inside the model): per-layer
 * activation, weight and gradient statistics sampled every few batches, feature maps of a
 * fixed probe example, and the reports of the pre-flight check and learning-rate range test.
 * All reduced in the trainer: bins and small images, never raw tensors.
 */
import { modelSummarySchema, TEXT_LIMITS } from './model';
import { array, integer, nullable, number, object, oneOf, optional, string, type Infer } from './schema';

export const histogramSchema = object({
  min: number(),
  max: number(),
  /** Equal-width bins over [min, max]. */
  counts: array(integer(0), 256),
});
export type Histogram = Infer<typeof histogramSchema>;

export const tensorStatsSchema = object({
  mean: number(),
  std: number(),
  min: number(),
  max: number(),
  /** Fraction of exactly-zero values. */
  zeroFraction: number(),
  histogram: histogramSchema,
});
export type TensorStats = Infer<typeof tensorStatsSchema>;

export const activationStatsSchema = object({
  stats: tensorStatsSchema,
  /** Fraction of units (last axis) that were zero for every probe example: dead ReLUs. */
  deadUnitFraction: number(),
  /** Fraction of values in the flat tails of a saturating activation (sigmoid, tanh, softmax). */
  saturatedFraction: number(),
});
export type ActivationStats = Infer<typeof activationStatsSchema>;

export const layerStatsSchema = object({
  name: string(TEXT_LIMITS.name),
  activation: optional(activationStatsSchema),
  /** The layer's main weight (kernel), when it has one. */
  weights: optional(tensorStatsSchema),
  /** L2 norm of the gradient of all the layer's trainable weights at the sampled step. */
  gradientNorm: optional(nullable(number())),
  /** ‖Δw‖ / ‖w‖ of the sampled optimizer step: ~1e-3 is healthy, far below is stuck, far above unstable. */
  updateRatio: optional(nullable(number())),
});
export type LayerStats = Infer<typeof layerStatsSchema>;

export const layerStatsRecordSchema = object({
  step: integer(0),
  epoch: integer(0),
  time: number(),
  layers: array(layerStatsSchema, 10_000),
});
export type LayerStatsRecord = Infer<typeof layerStatsRecordSchema>;

export const probeImageSchema = object({
  layer: string(TEXT_LIMITS.name),
  kind: oneOf('featureMaps', 'filters'),
  width: integer(1, 512),
  height: integer(1, 512),
  /** Number of images (channels for feature maps, output filters for filters). */
  count: integer(1, 1024),
  /** count × height × width grey levels 0–255, row-major per image. */
  pixels: array(integer(0, 255), 262_144),
});
export type ProbeImage = Infer<typeof probeImageSchema>;

export const probeRecordSchema = object({
  step: integer(0),
  epoch: integer(0),
  time: number(),
  /** Which example is probed, e.g. "validation[0] (label 7)". */
  example: string(256),
  images: array(probeImageSchema, 256),
});
export type ProbeRecord = Infer<typeof probeRecordSchema>;

export const preflightReportSchema = object({
  summary: modelSummarySchema,
  loss: string(128),
  initialLoss: number(),
  /** The loss a freshly initialised model should show, e.g. ln(C) for C-class cross-entropy; null when unknown. */
  expectedInitialLoss: nullable(number()),
  expectedReason: string(1024),
  batchSize: integer(1),
  inputShape: array(nullable(integer(0)), 16),
  labelShape: array(nullable(integer(0)), 16),
  layers: array(
    object({
      name: string(256),
      gradientNorm: nullable(number()),
      outputShape: array(array(nullable(integer(0)), 16), 64),
    }),
    10_000,
  ),
  /** Plain-language findings: zero gradients, suspicious initial loss, shapes. */
  findings: array(
    object({ severity: oneOf('ok', 'warning', 'error'), message: string(2048), layer: optional(string(256)) }),
    1_000,
  ),
});
export type PreflightReport = Infer<typeof preflightReportSchema>;

export const learningRateRangeSchema = object({
  points: array(object({ learningRate: number(), loss: number(), smoothedLoss: number() }), 10_000),
  /** Learning rate at the steepest descent of the smoothed loss; null when the sweep found none. */
  suggested: nullable(number()),
  reason: string(1024),
});
export type LearningRateRange = Infer<typeof learningRateRangeSchema>;
