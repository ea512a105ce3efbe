/** Bundles and loads a model file against the chosen TensorFlow.js, with layer sources recorded. */
import * as path from 'node:path';
import type { BackendInfo } from '../protocol/model';
import type { TrainOptions } from '../protocol/trainerMessages';
import type { OutgoingMessage } from './batchCoalescer';
import { bundleModel, runBundledModel } from './bundleModel';
import { TrainerFailure, toTrainerError } from './failure';
import { LayerSourceRecorder } from './inspection/layerSources';
import { checkModelModule, type ModelModule } from './modelModule';
import { loadTensorFlow, type TensorFlow } from './tensorflow';

export type Send = (message: OutgoingMessage) => void;

export interface LoadedModelFile {
  tf: TensorFlow;
  backend: BackendInfo;
  /** The module-mode exports; undefined for a script that trains by itself (script mode). */
  module: ModelModule | undefined;
  sources: LayerSourceRecorder;
}

/** Runs with TensorFlow loaded, just before the model file's code runs (script mode hooks in here). */
export type BeforeModelCode = (loaded: Omit<LoadedModelFile, 'module'>) => void;

/** Module mode: the file exports createModel or loadData (a missing one is reported as such). */
function isModuleMode(exports: Record<string, unknown>): boolean {
  return 'createModel' in exports || 'loadData' in exports;
}

/** The contract's exports: the named ones, or `export default { createModel, loadData, config }`. */
function contractExports(exports: Record<string, unknown>): Record<string, unknown> {
  const fallback = exports.default;
  if (isModuleMode(exports) || typeof fallback !== 'object' || fallback === null) return exports;
  return isModuleMode(fallback as Record<string, unknown>) ? { ...exports, ...fallback } : exports;
}

export async function loadModelFile(
  modelFile: string,
  options: TrainOptions,
  send: Send,
  beforeModelCode?: BeforeModelCode,
): Promise<LoadedModelFile> {
  send({ type: 'phase', phase: 'bundling', detail: path.basename(modelFile) });
  const bundle = await bundleModel(modelFile);
  try {
    send({ type: 'phase', phase: 'loadingBackend' });
    const { tf, info } = await loadTensorFlow(options.backend, path.dirname(modelFile));
    const sources = new LayerSourceRecorder(modelFile, path.dirname(modelFile));
    beforeModelCode?.({ tf, backend: info, sources });
    let exports: Record<string, unknown>;
    try {
      exports = contractExports(
        await runBundledModel(bundle, sources.instrument(tf), {
          path: modelFile,
          arguments: options.scriptArguments ?? [],
        }),
      );
    } catch (error) {
      const located = toTrainerError(error, modelFile, path.dirname(modelFile));
      // A script runs whole while it loads: "loading failed" would hide that its own code threw.
      const message = `${path.basename(modelFile)} threw while it ran its top-level code: ${located.message}`;
      throw new TrainerFailure('model', message, located.location);
    }
    const module = isModuleMode(exports) ? checkModelModule(exports, modelFile, tf) : undefined;
    return { tf, backend: info, module, sources };
  } finally {
    // The module is loaded (or failed); the temporary bundle is no longer needed.
    bundle.dispose();
  }
}
