/**
 * Loads a module by absolute path at run time (TensorFlow.js from the user's workspace, the
 * bundled model file). The bundler must leave these alone, hence Node's own `require`.
 */
export function loadModule(file: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- paths are only known at run time
  return require(file);
}
