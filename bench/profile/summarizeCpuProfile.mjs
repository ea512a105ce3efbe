// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by function and by package.
//   node bench/profile/summarizeCpuProfile.mjs <file.cpuprofile> [top=25]
import process from 'node:process';
import console from 'node:console';
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const top = Number(topArg ?? 25);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map(); // node id -> microseconds
const deltas = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  self.set(id, (self.get(id) ?? 0) + (deltas[i] ?? 0));
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
const byFn = new Map();
const byPkg = new Map();
for (const [id, us] of self) {
  const { callFrame } = byId.get(id);
  const fn = `${callFrame.functionName || '(anonymous)'} ${callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/bench\//, 'bench/')}:${callFrame.lineNumber + 1}`;
  byFn.set(fn, (byFn.get(fn) ?? 0) + us);
  const m = callFrame.url.match(/node_modules\/(@[^/]+\/[^/]+|[^/]+)/);
  const pkg = m
    ? m[1]
    : callFrame.url
      ? callFrame.url.startsWith('node:')
        ? 'node internals'
        : 'other JS'
      : callFrame.functionName || '(native/vm)';
  byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + us);
}
const pct = (us) => `${((100 * us) / total).toFixed(1)}%`.padStart(6);
console.log(`total sampled ${(total / 1e3).toFixed(0)} ms\n-- by package / category (self time)`);
for (const [k, v] of [...byPkg].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`${pct(v)}  ${k}`);
console.log('-- by function (self time)');
for (const [k, v] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(v)}  ${k}`);
