/**
 * `import.meta.url` (and Node's `import.meta.filename`/`dirname`) in the user's files, which
 * esbuild's CommonJS output would leave empty: each is replaced by the value it has under
 * `node`, for the file it is written in. So the ESM entry guard
 * `import.meta.url === pathToFileURL(process.argv[1]).href` holds for the script itself
 * (its `process.argv[1]` is its own path) and not for the files it imports. Applied by
 * bundleModel's module-location plugin, with `__dirname` and `__filename`.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The source with each `import.meta.url`/`filename`/`dirname` replaced by its value for `file`. */
export function withImportMetaValues(source: string, file: string): string {
  const values: Record<string, string> = {
    url: pathToFileURL(file).href,
    filename: file,
    dirname: path.dirname(file),
  };
  return source.replace(/\bimport\.meta\.(url|filename|dirname)\b/g, (_match, key: string) =>
    JSON.stringify(values[key]),
  );
}
