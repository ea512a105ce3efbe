/** The hover card of a layer's construction line, as Markdown. Pure. */
import type { LayerStatsRecord } from '../../protocol/inspection';
import { formatStatValue } from '../../protocol/dataFormat';
import { formatLayerStatistic, LAYER_STATISTICS } from '../../protocol/layerStatistics';
import type { LayerSummary } from '../../protocol/model';
import { formatCount, formatShape } from './hintFormat';
import { layerFlags } from './layerFlags';
import { inspectorLink } from './inspectorLink';
import { layerTable } from './layerTable';
import { sparkline } from './sparkline';
import { layerSeries, type LayerSeries } from './statsHistory';

export { SHOW_INSPECTOR_COMMAND } from './inspectorLink';

export interface HoverCardInput {
  readonly modelFile: string;
  readonly layers: readonly LayerSummary[];
  /** Sampled statistics of the live or newest recorded run, oldest first. */
  readonly records: readonly LayerStatsRecord[];
  /** Where the statistics come from, e.g. "live run" or "run 20261128-…". */
  readonly origin?: string;
}

/** Three significant digits; scientific notation for very small or large values. */
export const formatStat = formatStatValue;

function headerLines(layer: LayerSummary): string[] {
  const activation = layer.activation ? ` · ${layer.activation}` : '';
  return [
    `**${layer.name}** · \`${layer.className}\`${activation}`,
    '',
    `Output \`${formatShape(layer.outputShape)}\` · ${formatCount(layer.trainableParams)} trainable / ${formatCount(layer.params)} params`,
  ];
}

type Row = [label: string, latest: string, values: readonly (number | null)[], log: boolean];

function statRows(series: LayerSeries): Row[] {
  return LAYER_STATISTICS.flatMap((statistic): Row[] => {
    const value = statistic.value(series.latest);
    if (value === undefined) return [];
    return [
      [statistic.label, formatLayerStatistic(statistic, value), series[statistic.key], statistic.scale === 'log'],
    ];
  });
}

function statsLines(series: LayerSeries, origin: string | undefined): string[] {
  const first = series.steps[0] ?? 0;
  const last = series.steps[series.steps.length - 1] ?? 0;
  const rows = statRows(series);
  if (rows.length === 0) return [];
  const from = origin ? ` · ${origin}` : '';
  return [
    '',
    `_${series.steps.length} samples, steps ${first}–${last}${from}_`,
    '',
    `| | step ${last} | trend |`,
    '|---|--:|---|',
    ...rows.map(
      ([label, latest, values, log]) => `| ${label} | ${latest} | \`${sparkline(values, { log }) || ' '}\` |`,
    ),
  ];
}

function flagLines(series: LayerSeries): string[] {
  return layerFlags(series.latest).map(
    (flag) => `${flag.severity === 'error' ? '$(error)' : '$(warning)'} ${flag.message}`,
  );
}

function layerSection(input: HoverCardInput, layer: LayerSummary): string {
  const series = layerSeries(input.records, layer.name);
  const lines = headerLines(layer);
  if (series !== undefined) {
    lines.push(...statsLines(series, input.origin));
    const flags = flagLines(series);
    if (flags.length > 0) lines.push('', ...flags.flatMap((flag) => [flag, '']));
  } else if (layer.trainableParams > 0 || layer.activation !== undefined) {
    lines.push('', '_No statistics yet: train the model to see activations and gradients._');
  }
  lines.push('', inspectorLink(input.modelFile, layer.name));
  return lines.join('\n');
}

/** The card of one layer; a line that built several (a loop, a helper called again) gets a row each. */
export function hoverCard(input: HoverCardInput): string {
  const [only] = input.layers;
  return input.layers.length === 1 && only !== undefined ? layerSection(input, only) : layerTable(input);
}
