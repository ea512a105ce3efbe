/**
 * What a source file's text says about it, without running it: whether it is a model file (it
 * exports `createModel`) and whether it imports TensorFlow.js (only then is the dry build, which
 * runs the file's code, worth running on its own).
 */

/**
 * A module-mode model file exports createModel: a function, const or CommonJS property, or in an
 * export list, a default-exported object or a `module.exports = { … }` object.
 */
const EXPORTS_CREATE_MODEL =
  /export\s+(?:async\s+)?(?:function\s*\*?\s*|const\s+|let\s+)createModel\b|exports\.createModel\b|(?:export\s*|export\s+default\s*|module\.exports\s*=\s*)\{[^}]*\bcreateModel\b/;

/** `import … from`, `import '…'`, `require(…)` or `import(…)` of any @tensorflow/tfjs package. */
const IMPORTS_TENSORFLOW =
  /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]@tensorflow\/tfjs(?:-[\w-]+)?(?:\/[^'"]*)?['"]/;

export function exportsCreateModel(text: string): boolean {
  return EXPORTS_CREATE_MODEL.test(text);
}

export function importsTensorFlow(text: string): boolean {
  return IMPORTS_TENSORFLOW.test(text);
}
