/**
 * The failure for a file that ran to its end without training: neither a module-mode model
 * file nor a script that called fit. When the script has an entry guard, the message names it,
 * since a guard that compares with something else than what Tensorscope sets is the usual cause.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SourceLocation } from '../../protocol/model';
import { TrainerFailure } from '../failure';
import type { UnfollowedLoop } from './customLoopWatch';
import { trainingScriptsImporting } from './trainingImporters';

/** An `if` that asks whether this file is the program's entry point. */
const ENTRY_GUARD =
  /\bif\s*\(.*(?:require\.main|import\.meta\.(?:url|filename)|process\.argv\[1\]|module\.parent|__filename)/;

export const WHAT_SCRIPT_MODE_SETS =
  'Tensorscope runs a script as the main module: require.main === module, process.argv[1] is the script’s own path, import.meta.url its file URL.';

interface EntryGuard {
  location: SourceLocation;
  text: string;
}

export function findEntryGuard(file: string): EntryGuard | undefined {
  let lines: string[];
  try {
    lines = fs.readFileSync(file, 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const index = lines.findIndex((line) => ENTRY_GUARD.test(line));
  if (index < 0) return undefined;
  const line = lines[index] ?? '';
  return { location: { file, line: index + 1, column: line.search(/\S/) + 1 }, text: line.trim() };
}

export function noFitFailure(modelFile: string, loop?: UnfollowedLoop): TrainerFailure {
  const base = path.basename(modelFile);
  if (loop) return customLoopFailure(base, loop);
  const ended = `${base} ran to its end without calling model.fit() or model.fitDataset(), and it exports neither createModel() nor loadData().`;
  const guard = findEntryGuard(modelFile);
  if (guard) {
    return new TrainerFailure(
      'contract',
      `${ended} Its entry guard at line ${guard.location.line}, \`${guard.text}\`, may be why: it was false.`,
      guard.location,
      `${WHAT_SCRIPT_MODE_SETS} Make the guard test one of those, or call your main function without a guard.`,
    );
  }
  const importers = trainingScriptsImporting(modelFile);
  if (importers.length > 0) {
    const list = importers.join(', ');
    return new TrainerFailure(
      'contract',
      `${ended} It looks like a helper: ${list} ${importers.length === 1 ? 'imports it and calls' : 'import it and call'} fit.`,
      { file: modelFile, line: 1, column: 1 },
      `Train ${importers[0]} instead: the layers built in ${base} are tied to their lines here all the same.`,
    );
  }
  return new TrainerFailure(
    'contract',
    ended,
    { file: modelFile, line: 1, column: 1 },
    'Script mode follows training through model.fit() and model.fitDataset(); a custom loop (optimizer.minimize(), trainOnBatch()) is not followed. Or export createModel() and loadData() (module mode).',
  );
}

/** A script that trained in a loop of its own: what it called and where, and what script mode follows instead. */
function customLoopFailure(base: string, loop: UnfollowedLoop): TrainerFailure {
  const times = loop.calls === 1 ? 'once' : `${loop.calls} times`;
  return new TrainerFailure(
    'contract',
    `${base} trains in a custom loop (${loop.call}, called ${times}) and never calls model.fit() or model.fitDataset(): script mode follows training only through those, so there was nothing to record. The script itself ran to its end as under node.`,
    loop.location,
    'Train with model.fit(xs, ys, { epochs, batchSize }) or model.fitDataset(dataset, { epochs }), or export createModel() and loadData() (module mode) to get the panel, checkpoints and controls.',
  );
}
