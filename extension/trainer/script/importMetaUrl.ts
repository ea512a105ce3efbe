/**
 * `import.meta.url` (and Node's `import.meta.filename`/`dirname`) in the user's files, which
 * esbuild's CommonJS output would leave empty: each is replaced by the value it has under
 * `node`, for the file it is written in. So the ESM entry guard
 * `import.meta.url === pathToFileURL(process.argv[1]).href` holds for the script itself
 * (its `process.argv[1]` is its own path) and not for the files it imports.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Loader, Plugin } from 'esbuild';

const LOADERS: Record<string, Loader> = {
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.tsx': 'tsx',
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
  '.jsx': 'jsx',
};

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

export const importMetaValues: Plugin = {
  name: 'tensorscope-import-meta',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, (args) => {
      const loader = LOADERS[path.extname(args.path)];
      if (!loader || args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const source = fs.readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta')) return undefined;
      return { contents: withImportMetaValues(source, args.path), loader };
    });
  },
};
