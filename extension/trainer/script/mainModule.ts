/**
 * Runs the bundled model file the way `node <script> args…` would: as the main module, with
 * `process.argv` = [node, <the script's own path>, ...its arguments]. Entry guards then pass
 * (`require.main === module`, and `process.argv[1]` names the script), and an argument
 * parser (yargs, commander, argparse) sees the script's arguments and none of Tensorscope's.
 */
import { Module } from 'node:module';
import * as path from 'node:path';

interface ModuleInternals {
  _nodeModulePaths(from: string): string[];
}

export interface MainModuleOptions {
  /** The user's file: what the script sees as `process.argv[1]`. */
  scriptPath: string;
  scriptArguments: readonly string[];
}

export function runAsMainModule(bundleFile: string, options: MainModuleOptions): unknown {
  const internals = Module as unknown as ModuleInternals;
  // Parent null: the entry point's, so `module.parent` checks pass too.
  const main = new Module(bundleFile, null as unknown as Module) as Module & { load(file: string): void };
  main.filename = bundleFile;
  // Packages the script requires by a computed name resolve from its own folder, as under `node`.
  main.paths = internals._nodeModulePaths(path.dirname(options.scriptPath));
  setScriptArgv(options);
  // `require.main` is taken from process.mainModule when the module's require is made (in load).
  (process as { mainModule?: Module }).mainModule = main;
  main.load(bundleFile);
  return main.exports;
}

/** `process.argv` as `node <script> args…` gives it (both module formats). */
export function setScriptArgv(options: MainModuleOptions): void {
  process.argv = [process.execPath, options.scriptPath, ...options.scriptArguments];
}
