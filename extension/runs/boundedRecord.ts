/**
 * The writer normalises, the reader tolerates: whatever a model file puts in its config or its
 * layer names (optimizer objects, metric functions, very long strings), a run records a bounded,
 * faithful description of it. The trainer uses this before recording; readers use it to repair
 * runs written by older versions that recorded such values raw.
 */
import {
  TEXT_LIMITS,
  builtBySchema,
  type LayerSummary,
  type ModelSummary,
  type SourceLocation,
  type TrainingConfig,
} from '../protocol/model';

/** Full texts cut short in the record, by field path (`config.loss`, `summary.layers[3].name`). */
export type LongTexts = Record<string, string>;

const ELLIPSIS = '…';

/** A text of at most `limit` characters; a longer one is cut and kept whole in `long` under `field`. */
export function boundText(text: string, limit: number, field: string, long?: LongTexts): string {
  if (text.length <= limit) return text;
  if (long) long[field] = text;
  return `${text.slice(0, limit - ELLIPSIS.length)}${ELLIPSIS}`;
}

function learningRateOf(value: object): number | undefined {
  const config = (value as { getConfig?: () => unknown }).getConfig;
  if (typeof config === 'function') {
    try {
      const rate = (config.call(value) as { learningRate?: unknown } | undefined)?.learningRate;
      if (typeof rate === 'number') return rate;
    } catch {
      // fall through to the field
    }
  }
  const rate = (value as { learningRate?: unknown }).learningRate;
  return typeof rate === 'number' ? rate : undefined;
}

/** The class name of a TensorFlow.js object (an optimizer, a layer, a loss), if it is one. */
function tfClassName(value: object): string | undefined {
  const getClassName = (value as { getClassName?: unknown }).getClassName;
  if (typeof getClassName !== 'function') return undefined;
  try {
    const name: unknown = getClassName.call(value);
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

function plainObjectText(value: object): string {
  const constructorName = (value as { constructor?: { name?: unknown } }).constructor?.name;
  if (typeof constructorName === 'string' && constructorName !== '' && constructorName !== 'Object')
    return constructorName;
  try {
    return JSON.stringify(value) ?? 'object';
  } catch {
    return 'object';
  }
}

/** A one-line description of any config value: an optimizer object → `SGD(learningRate=0.1)`, a function → its name. */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'function':
      return value.name !== '' ? value.name : 'anonymous function';
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return value.description ?? 'symbol';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) return value.map(describeValue).join(', ');
      const className = tfClassName(value);
      if (className === undefined) return plainObjectText(value);
      const rate = learningRateOf(value);
      return rate === undefined ? className : `${className}(learningRate=${rate})`;
    }
    default:
      return String(value);
  }
}

/** An optimizer given as an object, as its lowercase class name (`sgd`), the way a compiled model's is recorded. */
export function optimizerText(value: unknown): string {
  if (typeof value === 'object' && value !== null) {
    const className = tfClassName(value);
    if (className !== undefined) return className.toLowerCase();
  }
  return describeValue(value);
}

/** The learning rate an optimizer object carries, when the config did not give one. */
export function optimizerLearningRate(value: unknown): number | undefined {
  return typeof value === 'object' && value !== null ? learningRateOf(value) : undefined;
}

function boundMetrics(value: unknown, long?: LongTexts): string[] {
  const all = (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]).map(describeValue);
  if (all.length > TEXT_LIMITS.metrics && long) long['config.metrics'] = JSON.stringify(all);
  return all
    .slice(0, TEXT_LIMITS.metrics)
    .map((metric, i) => boundText(metric, TEXT_LIMITS.metric, `config.metrics[${i}]`, long));
}

const finiteOr = (value: unknown, fallback: number): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : fallback;
const countOr = (value: unknown, fallback: number): number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 1_000_000 ? value : fallback;

/** Any config-like object as a TrainingConfig every reader accepts. */
export function boundConfig(raw: Record<string, unknown>, long?: LongTexts): TrainingConfig {
  const rate = raw.learningRate;
  return {
    epochs: countOr(raw.epochs, 1),
    batchSize: countOr(raw.batchSize, 1),
    optimizer: boundText(optimizerText(raw.optimizer), TEXT_LIMITS.optimizer, 'config.optimizer', long),
    learningRate: typeof rate === 'number' ? rate : (optimizerLearningRate(raw.optimizer) ?? null),
    loss: boundText(describeValue(raw.loss), TEXT_LIMITS.loss, 'config.loss', long),
    metrics: boundMetrics(raw.metrics, long),
    validationSplit: finiteOr(raw.validationSplit, 0),
    shuffle: raw.shuffle === 'no' || raw.shuffle === false ? 'no' : 'yes',
  };
}

const count = (value: unknown): number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 0;

function boundShape(value: unknown): (number | null)[][] {
  if (!Array.isArray(value)) return [];
  return value
    .slice(0, 64)
    .filter(Array.isArray)
    .map((shape: unknown[]) => shape.slice(0, 16).map((dim) => (dim === null ? null : count(dim))));
}

function boundSource(value: unknown): SourceLocation | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { file, line, column } = value as Record<string, unknown>;
  if (typeof file !== 'string' || file.length > 4096) return undefined;
  return { file, line: Math.max(1, count(line)), column: Math.max(1, count(column)) };
}

/** A layer's name as every record holds it (the summary, layer statistics, probe images). */
export function layerNameText(name: string): string {
  return boundText(name, TEXT_LIMITS.name, 'layer');
}

/** One layer's summary, every text bounded (a layer's name can be anything a model file chose). */
export function boundLayer(raw: unknown, field: string, long?: LongTexts): LayerSummary {
  const layer = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const activation = layer.activation;
  const source = boundSource(layer.source);
  const builtBy = builtBySchema.check(layer.builtBy, '');
  return {
    name: boundText(describeValue(layer.name), TEXT_LIMITS.name, `${field}.name`, long),
    className: boundText(describeValue(layer.className), TEXT_LIMITS.name, `${field}.className`, long),
    outputShape: boundShape(layer.outputShape),
    params: count(layer.params),
    trainableParams: count(layer.trainableParams),
    ...(activation !== undefined && {
      activation: boundText(describeValue(activation), TEXT_LIMITS.activation, `${field}.activation`, long),
    }),
    ...(source && { source }),
    ...(builtBy.ok && builtBy.value !== undefined && { builtBy: builtBy.value }),
  };
}

export function boundLayers(raw: unknown, field: string, long?: LongTexts): LayerSummary[] {
  return (Array.isArray(raw) ? raw.slice(0, 10_000) : []).map((layer, i) => boundLayer(layer, `${field}[${i}]`, long));
}

/** A model summary every reader accepts. */
export function boundSummary(raw: unknown, long?: LongTexts): ModelSummary {
  const summary = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  return {
    name: boundText(describeValue(summary.name ?? 'model'), TEXT_LIMITS.name, 'summary.name', long),
    layers: boundLayers(summary.layers, 'summary.layers', long),
    totalParams: count(summary.totalParams),
    trainableParams: count(summary.trainableParams),
  };
}

/** The most metrics one batch or epoch record holds (the protocol's bound). */
const MAX_LOG_KEYS = 64;

/** A batch's or epoch's logs with metric names bounded like the config's (a metric function's name can be anything). */
export function boundLogs(logs: Record<string, number>): Record<string, number> {
  let count = 0;
  for (const key in logs) if (++count > MAX_LOG_KEYS || key.length > TEXT_LIMITS.metric) return boundedLogs(logs);
  return logs;
}

function boundedLogs(logs: Record<string, number>): Record<string, number> {
  const entries = Object.entries(logs);
  return Object.fromEntries(
    entries.slice(0, MAX_LOG_KEYS).map(([key, value]) => [boundText(key, TEXT_LIMITS.metric, 'metric'), value]),
  );
}
