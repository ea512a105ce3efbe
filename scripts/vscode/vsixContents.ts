/**
 * Reads a .vsix (a zip) without unpacking it, and checks that a platform package holds what that
 * platform needs: the built extension, its manifest strings, exactly its own esbuild binary, and
 * never native TensorFlow.
 */
import * as fs from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { esbuildBinaryPath, esbuildPackageFor } from './esbuildPlatforms';

export interface ZipEntry {
  name: string;
  size: number;
  compressedSize: number;
  method: number;
  localHeaderOffset: number;
}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;

/** The entries of a zip file's central directory (zip64 is not needed: a .vsix is far below 4 GB). */
export function listZip(file: string): ZipEntry[] {
  const zip = fs.readFileSync(file);
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== END_OF_DIRECTORY) end--;
  if (end < 0) throw new Error(`${file} is not a zip file`);
  const count = zip.readUInt16LE(end + 10);
  const entries: ZipEntry[] = [];
  for (let at = zip.readUInt32LE(end + 16), i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== DIRECTORY_ENTRY) throw new Error(`${file}: damaged central directory`);
    const nameLength = zip.readUInt16LE(at + 28);
    entries.push({
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      localHeaderOffset: zip.readUInt32LE(at + 42),
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
    });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

export function readZipEntry(file: string, name: string): Buffer {
  const entry = listZip(file).find((candidate) => candidate.name === name);
  if (entry === undefined) throw new Error(`${file} has no ${name}`);
  const zip = fs.readFileSync(file);
  const at = entry.localHeaderOffset;
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const data = zip.subarray(start, start + entry.compressedSize);
  return entry.method === 0 ? Buffer.from(data) : inflateRawSync(data);
}

const REQUIRED = [
  'extension/package.json',
  'extension/package.nls.json',
  'extension/l10n/bundle.l10n.json',
  'extension/dist/extension.js',
  'extension/dist/trainer.js',
  'extension/dist/cli.js',
  'extension/node_modules/esbuild/lib/main.js',
  'extension/node_modules/@tensorflow/tfjs/package.json',
];

/** What is wrong with `file` as the package for `target` (nothing when it is right). */
export function vsixProblems(file: string, target: string): string[] {
  const entries = listZip(file);
  const names = new Set(entries.map((entry) => entry.name));
  const problems = REQUIRED.filter((name) => !names.has(name)).map((name) => `missing ${name}`);
  const esbuild = esbuildPackageFor(target);
  const binary = `extension/node_modules/${esbuild}/${esbuildBinaryPath(esbuild).split('\\').join('/')}`;
  const binaryEntry = entries.find((entry) => entry.name === binary);
  if (binaryEntry === undefined || binaryEntry.size < 1_000_000) problems.push(`no esbuild binary at ${binary}`);
  const platforms = new Set(
    entries.flatMap((entry) => /^extension\/node_modules\/(@esbuild\/[^/]+)\//.exec(entry.name)?.[1] ?? []),
  );
  for (const other of platforms) if (other !== esbuild) problems.push(`carries another platform's ${other}`);
  if (entries.some((entry) => entry.name.startsWith('extension/node_modules/@tensorflow/tfjs-node')))
    problems.push('carries @tensorflow/tfjs-node');
  const manifest = names.has('extension.vsixmanifest')
    ? readZipEntry(file, 'extension.vsixmanifest').toString('utf8')
    : '';
  if (!manifest.includes(`TargetPlatform="${target}"`))
    problems.push(`its manifest does not say TargetPlatform="${target}"`);
  return problems;
}
