/**
 * Which pure-JS backend to train on when native TensorFlow cannot load: the fastest one that has every
 * kernel the model's training step needs. A pure function: the caller gathers the facts (backends that
 * initialised, the model's layer class names, optional one-step probe results) and shows the reason.
 *
 * Speed order, measured by `npm run bench` (bench/results/latest.json): wasm trains the MLP several
 * times faster than the plain-JS cpu backend. But tfjs-backend-wasm 4.22 lacks some gradient kernels, so
 * models with the layers below can run forward on wasm yet fail on their first training step.
 */

export type FallbackBackend = 'wasm' | 'cpu';

/** Fastest first. `cpu` is the reference backend: it implements every kernel. */
export const FALLBACK_SPEED_ORDER: readonly FallbackBackend[] = ['wasm', 'cpu'];

/**
 * Layer classes (`layer.getClassName()`) that cannot train on wasm, with the missing kernel.
 * Probed with bench/profile/wasmLayerProbe.mjs (one fit step per layer, tfjs 4.22); layers not listed
 * here trained fine (Dense, Conv3D, pooling, RNN/LSTM/GRU, normalisation, dropout, padding, upsampling).
 */
export const WASM_MISSING_TRAINING_KERNELS: Readonly<Record<string, string>> = {
  Conv1D: 'Conv2DBackpropFilter',
  Conv2D: 'Conv2DBackpropFilter',
  Conv2DTranspose: 'Conv2DBackpropFilter',
  SeparableConv1D: 'Conv2DBackpropFilter',
  SeparableConv2D: 'Conv2DBackpropFilter',
  ConvLSTM2D: 'Conv2DBackpropFilter',
  DepthwiseConv2D: 'DepthwiseConv2dNativeBackpropFilter',
  Embedding: 'UnsortedSegmentSum',
};

/** The outcome of actually trying one training step on a backend; it overrides the table above. */
export interface BackendProbe {
  backend: string;
  ok: boolean;
  /** The error message when `ok` is false, e.g. "Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'". */
  error?: string;
}

export interface BackendChoiceInput {
  /** Backends that are registered and initialised (e.g. ['wasm', 'cpu']); others are ignored. */
  available: readonly string[];
  /** The model's layer class names, nested models flattened by the caller. Omit when unknown. */
  layerClassNames?: readonly string[];
  /** One-step training probes; a probe for a backend decides for it, whatever the table says. */
  probes?: readonly BackendProbe[];
  /** false for inference only (evaluate/predict): forward kernels exist on both backends. Default true. */
  training?: boolean;
}

export interface BackendChoice {
  /** The backend to use, or null when no pure-JS backend can run the model. */
  backend: FallbackBackend | null;
  /** One plain sentence for the panel header, status bar tooltip and CLI. */
  reason: string;
  /** Every faster backend passed over, and why. */
  rejected: { backend: FallbackBackend; reason: string }[];
}

const LABEL: Record<FallbackBackend, string> = {
  wasm: 'the WebAssembly (wasm) backend',
  cpu: 'the plain-JavaScript cpu backend',
};

function missingKernel(error: string | undefined): string | undefined {
  return error?.match(/Kernel '([^']+)' not registered/)?.[1];
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/** Why `backend` cannot run the model, or undefined when it can. */
function obstacle(backend: FallbackBackend, input: BackendChoiceInput): string | undefined {
  if (!input.available.includes(backend)) return `${backend} is not available`;
  const probe = input.probes?.find((p) => p.backend === backend);
  if (probe) {
    if (probe.ok) return undefined;
    const kernel = missingKernel(probe.error);
    return kernel
      ? `${backend} has no '${kernel}' kernel, which training this model needs`
      : `a training step failed on ${backend}: ${probe.error ?? 'unknown error'}`;
  }
  if (backend !== 'wasm' || input.training === false) return undefined;
  const blocked = unique((input.layerClassNames ?? []).filter((name) => name in WASM_MISSING_TRAINING_KERNELS));
  if (blocked.length === 0) return undefined;
  const kernels = unique(blocked.map((name) => WASM_MISSING_TRAINING_KERNELS[name]));
  return `wasm cannot train ${blocked.join(', ')} layers (no ${kernels.join(', ')} kernel${kernels.length > 1 ? 's' : ''})`;
}

export function chooseFallbackBackend(input: BackendChoiceInput): BackendChoice {
  const rejected: BackendChoice['rejected'] = [];
  for (const backend of FALLBACK_SPEED_ORDER) {
    const why = obstacle(backend, input);
    if (why) {
      rejected.push({ backend, reason: why });
      continue;
    }
    const fastest = rejected.length === 0;
    const task = input.training === false ? 'run' : 'train';
    const unknownLayers = input.layerClassNames === undefined && !input.probes?.some((p) => p.backend === backend);
    const reason = fastest
      ? `Using ${LABEL[backend]}, the fastest pure-JS backend${unknownLayers ? '' : ` that can ${task} this model`}.`
      : `Using ${LABEL[backend]}: ${rejected.map((r) => r.reason).join('; ')}.`;
    return { backend, reason, rejected };
  }
  return {
    backend: null,
    reason: `No pure-JS backend can ${input.training === false ? 'run' : 'train'} this model: ${rejected.map((r) => r.reason).join('; ')}.`,
    rejected,
  };
}
