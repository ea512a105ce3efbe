/**
 * Chart redraw time of the loss panel's webview, in headless Chromium: the built bundle
 * (dist/webview.js + dist/webview.css) in the page the host makes (`panelHtml`, with its CSP and
 * nonce), served over loopback HTTP, with a fake `acquireVsCodeApi`. Protocol messages are posted
 * to the page with `window.postMessage`, as VS Code delivers the host's messages, and each figure
 * is `performance.now()` in the page from posting to the frame after the app's render:
 *
 *   post (structured clone) → the app's `message` handler (schema validation, run state)
 *   → its requestAnimationFrame render (series data, uPlot setData + draw) → style/layout/paint
 *   → a task queued from our own rAF callback, which runs after the app's (timer stops here).
 *
 * Cases: snapshots of 10^4, 2×10^4 (the most a snapshot carries: LiveRun keeps 20,000 batch
 * points; appends carry every batch, so a live panel grows to 2×10^5), 10^5 and 10^6 batch points
 * (1,000 steps per epoch, logs `loss` and `acc`, epochs with `val_` logs), and one `append` of 50 batches on top of 10^5 and 2×10^4. A message carries at
 * most 10^5 batches (the protocol's schema), so 10^6 goes as a snapshot of 10^5 plus nine appends
 * of 10^5, posted back to back; the panel keeps at most 4×10^4 of them (runState's bound).
 * Median of the repeats after a warm-up. Prints a table, or one JSON line with --json.
 *
 *   node esbuild.js && node --import tsx bench/panelRedraw.ts [--json] [--repeats N] [--profile CASE] [--dist DIR]
 *
 * --profile 1e4|2e4|1e5|1e6|append: records a CPU profile (CDP Profiler) of that case's timed
 * repeats and prints self time per function and per bundled source module.
 */
import * as fs from 'node:fs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/vscode/chromium';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { BatchColumnStore, HOST_BATCH_CAPACITY, OVERVIEW_POINTS } from '../extension/host/batchColumnStore';
import { createNonce, panelHtml } from '../extension/host/panel/panelHtml';
import type { BatchColumns } from '../extension/protocol/batchColumns';
import type { BatchRecord } from '../extension/protocol/records';
import { PROTOCOL_VERSION } from '../extension/protocol/version';

const ROOT = path.join(__dirname, '..');

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at < 0 ? undefined : process.argv[at + 1];
}

/** `--dist DIR` measures another build of the bundle, e.g. an unminified one for readable profiles. */
const DIST = path.resolve(option('--dist') ?? path.join(ROOT, 'dist'));
const VIEWPORT = { width: 1280, height: 900 };
const STEPS_PER_EPOCH = 1000;
/** Steps of the zoomed range whose detail the host cuts out of a 10^6-step run, and the chart's points for it. */
const ZOOM_STEPS = 20_000;
const ZOOM_POINTS = 2_400;
const APPEND_SIZE = 50;

/** One timed delivery, in ms from the first post: handled = after the app's message handler. */
interface Timing {
  total: number;
  post: number;
  handled: number;
  drawn: number;
  /** From the start of the frame (or the last handler, if later) to the end of the app's rAF render. */
  render: number;
}

interface CaseResult {
  points: number;
  messages: number;
  samples_ms: number[];
  median_ms: number;
  /**
   * Medians of the phases, each from the first post: posted (structured-clone serialisation), handled
   * (+ deserialisation, validation, run state), drawn (+ waiting for the frame, the app's render).
   */
  median_posted_ms: number;
  median_handled_ms: number;
  median_drawn_ms: number;
  /** The app's rAF render alone (series data, uPlot setData and draw), without the wait for the frame. */
  median_render_ms: number;
}

/**
 * Runs in the page before the bundle: the fake VS Code API, a deterministic run generator and the
 * timer. Plain JavaScript (the bench's tsconfig has no DOM types); `__V__` is the protocol version.
 */
const PAGE_SCRIPT = `(() => {
  const V = __V__;
  const posted = [];
  let saved;
  window.acquireVsCodeApi = () => ({
    postMessage: (message) => posted.push(message),
    getState: () => saved,
    setState: (state) => { saved = state; },
  });
  const warnings = [];
  const warn = console.warn.bind(console);
  console.warn = (...args) => { warnings.push(args.map(String).join(' ')); warn(...args); };

  // A loss that falls with noise, an accuracy that rises: deterministic in the step.
  const noise = (step) => { const s = Math.sin(step * 12.9898) * 43758.5453; return s - Math.floor(s) - 0.5; };
  const loss = (step) => 2.3 * Math.exp(-step / 4000) + 0.05 + 0.08 * noise(step);
  const acc = (step) => Math.min(1, 0.1 + 0.85 * (1 - Math.exp(-step / 3000)) + 0.03 * noise(step + 7));
  const T0 = 1.7e12;
  // The batches as the host sends them: columns (typed arrays), here built straight from the step.
  const columns = (from, count, spe) => {
    const c = { epoch: new Uint32Array(count), batch: new Uint32Array(count), step: new Float64Array(count),
      time: new Float64Array(count), logs: { loss: new Float64Array(count), acc: new Float64Array(count) } };
    for (let i = 0; i < count; i++) {
      const s = from + i;
      c.epoch[i] = Math.floor((s - 1) / spe) + 1; c.batch[i] = (s - 1) % spe; c.step[i] = s; c.time[i] = T0 + s * 5;
      c.logs.loss[i] = loss(s); c.logs.acc[i] = acc(s);
    }
    return c;
  };
  const epoch = (e, spe) => ({
    epoch: e, step: e * spe, time: T0 + e * spe * 5, durationMs: spe * 5, samplesPerSec: 12800,
    logs: { loss: loss(e * spe), acc: acc(e * spe), val_loss: loss(e * spe) * 1.1, val_acc: acc(e * spe) * 0.97 },
  });
  const range = (from, count, make) => Array.from({ length: count }, (_, i) => make(from + i));
  const header = (step, spe, totalEpochs) => ({
    runId: 'bench-run', modelFile: '/bench/model.ts', modelName: 'model.ts', status: 'running',
    startedAt: T0, endedAt: null, epoch: Math.max(1, Math.ceil(step / spe)), totalEpochs, step,
    stepsPerEpoch: spe, samplesPerSec: 12800, etaSeconds: 60, backend: null, config: null, summary: null,
    error: null, paused: false, evaluation: null,
  });
  // Batches 1..n in one snapshot (columns).
  function run(n, spe) {
    const total = Math.ceil(n / spe) + 1;
    const epochs = range(1, Math.floor(n / spe), (e) => epoch(e, spe));
    return [{ v: V, type: 'snapshot', header: header(n, spe, total), batches: columns(1, n, spe), epochs, controls: [] }];
  }
  // The snapshot the host sends for a run of n steps: its downsampled overview (plain arrays from Node) as columns.
  function hostSnapshot(overview, n, spe) {
    const batches = { epoch: Uint32Array.from(overview.epoch), batch: Uint32Array.from(overview.batch),
      step: Float64Array.from(overview.step), time: Float64Array.from(overview.time),
      logs: Object.fromEntries(Object.entries(overview.logs).map(([k, v]) => [k, Float64Array.from(v)])) };
    const epochs = range(1, Math.floor(n / spe), (e) => epoch(e, spe));
    return [{ v: V, type: 'snapshot', header: header(n, spe, Math.ceil(n / spe) + 1), batches, epochs, controls: [] }];
  }
  const appendOf = (from, count, spe, totalEpochs) => ({
    v: V, type: 'append', runId: 'bench-run', header: header(from + count - 1, spe, totalEpochs),
    batches: columns(from, count, spe), epochs: [], controls: [],
  });

  // Posts the messages back to back; resolves once the frame after the last one is drawn.
  function deliver(messages) {
    return new Promise((resolve) => {
      let seen = 0;
      let t0 = 0;
      let post = 0;
      const onMessage = () => {
        if (++seen < messages.length) return;
        window.removeEventListener('message', onMessage);
        const handled = performance.now();
        // Queued after the app's own rAF (it asked in its handler, before this): runs once it drew.
        requestAnimationFrame((frame) => {
          const drawn = performance.now();
          const render = drawn - Math.max(frame, handled);
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            channel.port1.close();
            const end = performance.now();
            resolve({ total: end - t0, post, handled: handled - t0, drawn: drawn - t0, render });
          };
          channel.port2.postMessage(null);
        });
      };
      window.addEventListener('message', onMessage);
      t0 = performance.now();
      for (const message of messages) window.postMessage(message, '*');
      post = performance.now() - t0;
    });
  }

  let cache = { key: '', messages: [] };
  window.__panelBench = {
    posted, warnings,
    async snapshot(n) {
      if (cache.key !== 'snapshot' + n) cache = { key: 'snapshot' + n, messages: run(n, ${STEPS_PER_EPOCH}) };
      return deliver(cache.messages);
    },
    async prepareAppends(n) {
      cache = { key: '', messages: [] };
      await deliver(run(n, ${STEPS_PER_EPOCH}));
      window.__panelBench.next = n + 1;
    },
    prepareHost(overview, n) {
      cache = { key: 'host' + n, messages: hostSnapshot(overview, n, ${STEPS_PER_EPOCH}) };
    },
    async hostSnapshot() {
      return deliver(cache.messages);
    },
    async prepareHostAppends(overview, n) {
      cache = { key: '', messages: [] };
      await deliver(hostSnapshot(overview, n, ${STEPS_PER_EPOCH}));
      window.__panelBench.next = n + 1;
    },
    async append(count) {
      const from = window.__panelBench.next;
      window.__panelBench.next += count;
      return deliver([appendOf(from, count, ${STEPS_PER_EPOCH}, Math.ceil((from + count) / ${STEPS_PER_EPOCH}) + 1)]);
    },
    canvases() {
      return [...document.querySelectorAll('.chart canvas')].filter((c) => c.width > 0 && c.height > 0).length;
    },
  };
})();`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const at = (i: number): number => sorted[i] ?? Number.NaN;
  return sorted.length % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
}

const round = (value: number): number => Math.round(value * 10) / 10;

function summarise(points: number, messages: number, timings: Timing[]): CaseResult {
  return {
    points,
    messages,
    samples_ms: timings.map((t) => round(t.total)),
    median_ms: round(median(timings.map((t) => t.total))),
    median_posted_ms: round(median(timings.map((t) => t.post))),
    median_handled_ms: round(median(timings.map((t) => t.handled))),
    median_drawn_ms: round(median(timings.map((t) => t.drawn))),
    median_render_ms: round(median(timings.map((t) => t.render))),
  };
}

/** Which build was measured: a production build is minified (one long line per few kB). */
function bundleInfo(): { path: string; bytes: number; minified: boolean; built: string } {
  const file = path.join(DIST, 'webview.js');
  const text = fs.readFileSync(file, 'utf8');
  return {
    path: path.relative(ROOT, file),
    bytes: text.length,
    minified: text.split('\n').length < text.length / 2000,
    built: fs.statSync(file).mtime.toISOString(),
  };
}

/** Serves the panel page (as `LossPanel` builds it) and the two bundle files, on loopback. */
async function serve(): Promise<{ origin: string; close: () => Promise<void> }> {
  // Read once: dist/ may be rebuilt while the bench runs, and every page must get the same bundle.
  const files: Record<string, [Buffer, string]> = {
    '/dist/webview.js': [fs.readFileSync(path.join(DIST, 'webview.js')), 'text/javascript'],
    '/dist/webview.css': [fs.readFileSync(path.join(DIST, 'webview.css')), 'text/css'],
  };
  let origin = '';
  const server = http.createServer((request, response) => {
    const url = (request.url ?? '/').split('?')[0] ?? '/';
    const file = files[url];
    if (url === '/') {
      const html = panelHtml({
        cspSource: origin,
        scriptUri: `${origin}/dist/webview.js`,
        styleUri: `${origin}/dist/webview.css`,
        nonce: createNonce(),
      });
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    } else if (url === '/favicon.ico') {
      response.writeHead(204).end();
    } else if (file !== undefined) {
      response.writeHead(200, { 'content-type': file[1] }).end(file[0]);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function openPanel(browser: Browser, origin: string): Promise<Page> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.addInitScript(PAGE_SCRIPT.replace('__V__', String(PROTOCOL_VERSION)));
  await page.goto(`${origin}/`);
  await page.waitForFunction('window.__panelBench.posted.some((m) => m.type === "ready")', undefined, {
    timeout: 30_000,
  });
  if (errors.length > 0) throw new Error(`the panel failed to load: ${errors.join('; ')}`);
  return page;
}

async function timeSnapshot(page: Page, n: number, warmup: number, repeats: number): Promise<Timing[]> {
  const timings: Timing[] = [];
  for (let i = 0; i < warmup + repeats; i++) {
    const timing = (await page.evaluate(`window.__panelBench.snapshot(${n})`)) as Timing;
    if (i >= warmup) timings.push(timing);
  }
  return timings;
}

/** Appends on top of a snapshot of `base` batches (see prepareAppends). */
async function timeAppends(page: Page, warmup: number, repeats: number): Promise<Timing[]> {
  const timings: Timing[] = [];
  for (let i = 0; i < warmup + repeats; i++) {
    const timing = (await page.evaluate(`window.__panelBench.append(${APPEND_SIZE})`)) as Timing;
    if (i >= warmup) timings.push(timing);
  }
  return timings;
}

async function prepareAppends(page: Page, base: number): Promise<Page> {
  await page.evaluate(`window.__panelBench.prepareAppends(${base})`);
  return page;
}

async function checkDrawn(page: Page, label: string): Promise<void> {
  const warnings = (await page.evaluate('window.__panelBench.warnings')) as string[];
  if (warnings.length > 0) throw new Error(`${label}: the panel rejected a message: ${warnings[0]}`);
  const canvases = (await page.evaluate('window.__panelBench.canvases()')) as number;
  if (canvases === 0) throw new Error(`${label}: no chart canvas was drawn`);
}

// --- the host's side of a 10^6-step run -------------------------------------------------------

/** The bench page's loss and accuracy, in Node (the page script has the same formulas). */
function benchRecord(step: number): BatchRecord {
  const noise = ((s: number) => s - Math.floor(s) - 0.5)(Math.sin(step * 12.9898) * 43758.5453);
  const loss = 2.3 * Math.exp(-step / 4000) + 0.05 + 0.08 * noise;
  const acc = Math.min(1, 0.1 + 0.85 * (1 - Math.exp(-step / 3000)) + 0.03 * noise);
  const spe = STEPS_PER_EPOCH;
  return {
    epoch: Math.floor((step - 1) / spe) + 1,
    batch: (step - 1) % spe,
    step,
    time: 1.7e12 + step * 5,
    logs: { loss, acc },
  };
}

interface HostFigures {
  /** LiveRun's store taking the run's batches as they arrive (100 per message), per 10^5 batches. */
  push_ms_per_1e5: number;
  /** The snapshot's overview of the whole run (min/max loss per step bucket). */
  overview_ms: number;
  /** The detail of a zoomed range (ZOOM_STEPS steps at ZOOM_POINTS points). */
  zoom_range_ms: number;
  overview_points: number;
  overview: BatchColumns;
}

function hostFigures(n: number, repeats: number): HostFigures {
  const store = new BatchColumnStore(HOST_BATCH_CAPACITY);
  const started = performance.now();
  for (let step = 1; step <= n; step += 100) {
    store.push(Array.from({ length: Math.min(100, n - step + 1) }, (_, i) => benchRecord(step + i)));
  }
  const pushMs = performance.now() - started;
  const time = (task: () => unknown): number => {
    const samples = Array.from({ length: repeats }, () => {
      const t0 = performance.now();
      task();
      return performance.now() - t0;
    });
    return round(median(samples));
  };
  const overview = store.overview(OVERVIEW_POINTS);
  return {
    push_ms_per_1e5: round((pushMs * 1e5) / n),
    overview_ms: time(() => store.overview(OVERVIEW_POINTS)),
    zoom_range_ms: time(() => store.view(n / 2, n / 2 + ZOOM_STEPS, ZOOM_POINTS)),
    overview_points: overview.step.length,
    overview,
  };
}

/** Typed arrays as plain arrays, to pass into the page (which makes them typed arrays again, untimed). */
function plainColumns(columns: BatchColumns): unknown {
  const plain = (values: ArrayLike<number>): number[] => Array.from(values);
  return {
    epoch: plain(columns.epoch),
    batch: plain(columns.batch),
    step: plain(columns.step),
    time: plain(columns.time),
    logs: Object.fromEntries(Object.entries(columns.logs).map(([name, values]) => [name, plain(values)])),
  };
}

async function timeHostSnapshot(page: Page, overview: BatchColumns, n: number, repeats: number): Promise<Timing[]> {
  await page.evaluate(`window.__panelBench.prepareHost(${JSON.stringify(plainColumns(overview))}, ${n})`);
  const timings: Timing[] = [];
  for (let i = 0; i < 1 + repeats; i++) {
    const timing = (await page.evaluate('window.__panelBench.hostSnapshot()')) as Timing;
    if (i >= 1) timings.push(timing);
  }
  return timings;
}

// --- profiling ----------------------------------------------------------------------------------

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

/** The bundle's `// webview/chart/seriesData.ts` section markers, to name the module of a line. */
function bundleModules(): { line: number; name: string }[] {
  const lines = fs.readFileSync(path.join(DIST, 'webview.js'), 'utf8').split('\n');
  const marks: { line: number; name: string }[] = [];
  lines.forEach((text, line) => {
    const match = /^ {2}\/\/ ((?:node_modules|webview|extension)\/\S+)$/.exec(text);
    if (match?.[1]) marks.push({ line, name: match[1].replace(/^node_modules\/(@[^/]+\/[^/]+|[^/]+)\/.*$/, '$1') });
  });
  return marks;
}

function printProfile(profile: Profile): void {
  const modules = bundleModules();
  const moduleOf = (node: ProfileNode): string => {
    const { url, functionName, lineNumber } = node.callFrame;
    if (url === '' && functionName.startsWith('(')) return 'V8';
    if (url === '') return lineNumber < 0 ? 'browser built-ins' : 'bench page script';
    if (!url.endsWith('/webview.js')) return url;
    let name = 'webview.js';
    for (const mark of modules) if (mark.line <= node.callFrame.lineNumber) name = mark.name;
    return name;
  };
  const samples = profile.samples?.length ?? 1;
  const msPerSample = (profile.endTime - profile.startTime) / 1000 / samples;
  const byFunction = new Map<string, number>();
  const byModule = new Map<string, number>();
  for (const node of profile.nodes) {
    const ms = (node.hitCount ?? 0) * msPerSample;
    if (ms === 0) continue;
    const frame = node.callFrame;
    const fn = `${frame.functionName || '(anonymous)'} [${moduleOf(node)}:${frame.lineNumber + 1}]`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
    byModule.set(moduleOf(node), (byModule.get(moduleOf(node)) ?? 0) + ms);
  }
  const top = (map: Map<string, number>, count: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([name, ms]) => `  ${ms.toFixed(0).padStart(7)} ms  ${name}`)
      .join('\n');
  console.log(`CPU profile, ${((profile.endTime - profile.startTime) / 1000).toFixed(0)} ms, self time`);
  console.log(`by function:\n${top(byFunction, 25)}\nby module:\n${top(byModule, 15)}`);
}

async function profileCase(page: Page, which: string, repeats: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const n = { '1e4': 1e4, '1e5': 1e5 }[which];
  if (which === 'append') await timeAppends(await prepareAppends(page, 1e5), 1, 0);
  else if (n !== undefined) await timeSnapshot(page, n, 1, 0);
  else throw new Error(`--profile: one of 1e4, 1e5, append, not ${which}`);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const timings =
    which === 'append' ? await timeAppends(page, 0, repeats) : await timeSnapshot(page, n ?? 0, 0, repeats);
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
  console.log(`${which}: ${timings.map((t) => t.total.toFixed(0)).join(', ')} ms (profiler on)`);
  printProfile(profile);
}

// --- main ---------------------------------------------------------------------------------------

async function main(): Promise<void> {
  for (const file of ['webview.js', 'webview.css']) {
    if (!fs.existsSync(path.join(DIST, file))) throw new Error(`dist/${file} is missing: run node esbuild.js first`);
  }
  const repeats = Math.max(1, Number(option('--repeats') ?? 5));
  const bundle = bundleInfo();
  const server = await serve();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  try {
    const profile = option('--profile');
    if (profile !== undefined) {
      await profileCase(await openPanel(browser, server.origin), profile, repeats);
      return;
    }
    // A fresh page per case, so one case's heap does not slow the next.
    const cases: Record<string, CaseResult> = {};
    for (const [name, n] of [
      ['1e4', 1e4],
      ['1e5', 1e5],
    ] as const) {
      const page = await openPanel(browser, server.origin);
      const timings = await timeSnapshot(page, n, 1, repeats);
      await checkDrawn(page, `redraw ${name}`);
      cases[`redraw_${name}`] = summarise(n, 1, timings);
      await page.close();
    }
    const host = hostFigures(1e6, repeats);
    {
      const page = await openPanel(browser, server.origin);
      const timings = await timeHostSnapshot(page, host.overview, 1e6, repeats);
      await checkDrawn(page, 'redraw 1e6');
      cases['redraw_1e6_panel'] = summarise(host.overview_points, 1, timings);
      await page.close();
    }
    {
      const page = await openPanel(browser, server.origin);
      await page.evaluate(
        `window.__panelBench.prepareHostAppends(${JSON.stringify(plainColumns(host.overview))}, 1e6)`,
      );
      const timings = await timeAppends(page, 2, Math.max(repeats, 10));
      await checkDrawn(page, 'append 1e6');
      cases['append_at_1e6'] = summarise(host.overview_points + APPEND_SIZE, 1, timings);
      await page.close();
    }
    {
      const page = await openPanel(browser, server.origin);
      const timings = await timeAppends(await prepareAppends(page, 1e5), 2, Math.max(repeats, 10));
      await checkDrawn(page, 'append 1e5');
      cases['append_at_1e5'] = summarise(1e5 + APPEND_SIZE, 1, timings);
      await page.close();
    }
    const ms = (key: string) => cases[key]?.median_ms ?? null;
    const panel1e6 = ms('redraw_1e6_panel');
    const result = {
      redraw_ms_1e4: ms('redraw_1e4'),
      redraw_ms_1e5: ms('redraw_1e5'),
      redraw_ms_1e6: panel1e6 === null ? null : round(panel1e6 + host.overview_ms),
      append_ms_at_1e5: ms('append_at_1e5'),
      append_ms_at_1e6: ms('append_at_1e6'),
      host_1e6: {
        push_ms_per_1e5: host.push_ms_per_1e5,
        overview_ms: host.overview_ms,
        zoom_range_ms: host.zoom_range_ms,
        overview_points: host.overview_points,
      },
      unit: 'ms',
      statistic: `median of ${repeats} (appends: ${Math.max(repeats, 10)}) after a warm-up`,
      measured:
        'performance.now() in the page from window.postMessage of the message to the task after the frame in which the app drew (clone, validation, run state, rAF render: series data + uPlot, style/layout/paint)',
      redraw_1e6: `the panel opened on a run of 1e6 steps: the host's overview of its BatchColumnStore (lowest and highest loss per step bucket, ${OVERVIEW_POINTS} points at most, host_1e6.overview_ms, in Node) + that snapshot delivered and drawn in the page; zooming asks the host for the zoomed range (host_1e6.zoom_range_ms for ${ZOOM_STEPS} steps at ${ZOOM_POINTS} points)`,
      redraw_1e4_1e5:
        'a snapshot of that many raw batch points as columns in one message: what the webview costs for that many points (the host itself sends at most the overview)',
      append_at_1e6:
        'one append of 50 batches on top of the host snapshot of a 1e6-step run: what each live update costs at 1e6 steps',
      data: `batches with logs {loss, acc}, ${STEPS_PER_EPOCH} steps per epoch, epochs with {loss, acc, val_loss, val_acc}; appends of ${APPEND_SIZE} batches`,
      browser: `Chromium ${browser.version()} headless, --disable-gpu, viewport ${VIEWPORT.width}x${VIEWPORT.height}, device scale 1`,
      bundle,
      cases,
    };
    if (process.argv.includes('--json')) console.log(JSON.stringify(result));
    else {
      for (const [name, c] of Object.entries(cases)) {
        console.log(
          `${name.padEnd(22)} ${String(c.median_ms).padStart(8)} ms  (posted ${c.median_posted_ms}, handled ${c.median_handled_ms}, drawn ${c.median_drawn_ms}, render ${c.median_render_ms}; runs ${c.samples_ms.join(', ')})`,
        );
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
