// Small helpers for summarising and printing benchmark results.

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return null;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function formatRate(v) {
  if (v == null) return '—';
  if (v >= 10000) return `${(v / 1000).toFixed(1)}k`;
  if (v >= 1000) return `${(v / 1000).toFixed(2)}k`;
  return v >= 100 ? v.toFixed(0) : v.toFixed(1);
}

export function formatRatio(v) {
  if (v == null) return '—';
  return v >= 10 ? `${v.toFixed(0)}×` : `${v.toFixed(2)}×`;
}

const LABELS = {
  'tfjs-node': 'tfjs-node (plain fit)',
  tensorscope: 'Tensorscope trainer (CLI, defaults: compiled where possible)',
  'tensorscope-eager': 'Tensorscope trainer (CLI, --compile off)',
  keras: 'Keras / TF (Python)',
  pytorch: 'PyTorch CPU',
  'tfjs-wasm': 'tfjs wasm',
  'tfjs-cpu': 'tfjs cpu (pure JS)',
};

/** A Markdown table: one row per framework, per model the median samples/s, [min–max] and ÷ tfjs-node. */
export function renderTable(result, models) {
  const head = ['framework', ...models.flatMap((m) => [`${m} samples/s (median [min–max], n)`, `tfjs-node ÷ it`])];
  const rows = [head, head.map(() => '---')];
  const order = ['tfjs-node', 'tensorscope', 'tensorscope-eager', 'keras', 'pytorch', 'tfjs-wasm', 'tfjs-cpu'];
  for (const fw of order) {
    const f = result.frameworks[fw];
    if (!f) continue;
    const cells = [LABELS[fw] ?? fw];
    for (const m of models) {
      const r = f.models[m];
      if (!r) cells.push('—', '—');
      else if (!r.ok) cells.push(`fails: ${r.error.slice(0, 60)}`, '—');
      else {
        const s = r.samples_per_s;
        const node = result.frameworks['tfjs-node']?.models[m]?.samples_per_s?.median;
        cells.push(
          `${formatRate(s.median)} [${formatRate(s.min)}–${formatRate(s.max)}], ${r.repeats}`,
          node ? formatRatio(node / s.median) : '—',
        );
      }
    }
    rows.push(cells);
  }
  const ratioRows = [
    ['ratio', ...models],
    ['---', ...models.map(() => '---')],
  ];
  for (const key of [
    'tensorscope_vs_keras_ratio',
    'tensorscope_vs_pytorch_ratio',
    'compiled_vs_eager_ratio',
    'vs_keras_ratio',
    'vs_pytorch_ratio',
    'backend_ratio',
    'overhead_ratio',
    'latency_ms_p95',
  ]) {
    ratioRows.push([
      key,
      ...models.map((m) => {
        const v = result.ratios[m][key];
        if (v == null) return key === 'latency_ms_p95' || key === 'overhead_ratio' ? 'not measured yet' : '—';
        if (key === 'latency_ms_p95') return `${v} ms`;
        return key === 'backend_ratio'
          ? `${formatRatio(v)} (vs ${result.ratios[m].backend_ratio_against})`
          : formatRatio(v);
      }),
    ]);
  }
  const md = (rs) => rs.map((r) => `| ${r.join(' | ')} |`).join('\n');
  return `${md(rows)}\n\n${md(ratioRows)}`;
}

/** The panel's chart redraw figures (bench/panelRedraw.ts) as a Markdown table. */
export function renderPanelTable(panel) {
  const ms = (v) => (v == null ? '—' : `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ms`);
  const rows = [
    ['panel (webview, headless Chromium)', 'median'],
    ['---', '---'],
    ['redraw_ms_1e4 (raw columns)', ms(panel.redraw_ms_1e4)],
    ['redraw_ms_1e5 (raw columns)', ms(panel.redraw_ms_1e5)],
    ['redraw_ms_1e6 (host overview + panel; goal ≤ 150 ms)', ms(panel.redraw_ms_1e6)],
    ['append_ms_at_1e5 (50 points; goal ≤ 16 ms)', ms(panel.append_ms_at_1e5)],
    ['append_ms_at_1e6 (50 points on the 1e6 overview)', ms(panel.append_ms_at_1e6)],
    ['host: zoomed range of a 1e6 run', ms(panel.host_1e6?.zoom_range_ms)],
  ];
  return rows.map((r) => `| ${r.join(' | ')} |`).join('\n');
}
