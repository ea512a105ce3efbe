/**
 * The hover card of a line that built several layers (a helper called in a loop, a block built
 * six times): one compact row per layer with its name, output shape, parameters and the
 * statistic that is off, instead of six full cards. Pure.
 */
import type { LayerSummary } from '../../protocol/model';
import type { HoverCardInput } from './hoverCard';
import { formatCount, formatShape } from './hintFormat';
import { inspectorCommandUri } from './inspectorLink';
import { layerFlags } from './layerFlags';
import { layerSeries } from './statsHistory';
import { markdownCode, markdownText } from '../markdownText';

const FLAG_ICON = { error: '$(error)', warning: '$(warning)' } as const;

/** "residualBlock(), called 6 times" when one helper built them all. */
function helperText(layers: readonly LayerSummary[]): string {
  const helpers = new Set(layers.map((layer) => layer.builtBy?.helper));
  const [helper] = helpers;
  if (helpers.size !== 1 || helper === undefined) return '';
  const calls = new Set(layers.map((layer) => layer.builtBy?.call)).size;
  return ` · by ${markdownCode(`${helper}()`)}, called ${calls} ${calls === 1 ? 'time' : 'times'}`;
}

function classText(layers: readonly LayerSummary[]): string {
  const classes = [...new Set(layers.map((layer) => layer.className))];
  return classes.map((name) => markdownCode(name)).join(', ');
}

function offCell(input: HoverCardInput, layer: LayerSummary): string {
  const series = layerSeries(input.records, layer.name);
  if (series === undefined) return '–';
  const flags = layerFlags(series.latest);
  if (flags.length === 0) return 'ok';
  return flags.map((flag) => `${FLAG_ICON[flag.severity]} ${flag.short}`).join(', ');
}

function row(input: HoverCardInput, layer: LayerSummary): string {
  const shown = markdownText(layer.name);
  const name = `[${shown}](${inspectorCommandUri(input.modelFile, layer.name)} "Show ${shown} in the inspector")`;
  return `| ${name} | \`${formatShape(layer.outputShape)}\` | ${formatCount(layer.params)} | ${offCell(input, layer)} |`;
}

export function layerTable(input: HoverCardInput): string {
  const { layers } = input;
  const total = layers.reduce((sum, layer) => sum + layer.params, 0);
  const sampled = layers.some((layer) => layerSeries(input.records, layer.name) !== undefined);
  const note = sampled
    ? `_Statistics from the ${input.origin === undefined ? 'latest run' : markdownText(input.origin)}; click a layer for its charts._`
    : '_No statistics yet: train the model to see what is off._';
  return [
    `**${layers.length} layers built on this line** · ${classText(layers)}${helperText(layers)}`,
    '',
    '| layer | output | params | what is off |',
    '|---|---|--:|---|',
    ...layers.map((layer) => row(input, layer)),
    '',
    `${formatCount(total)} params in all. ${note}`,
  ].join('\n');
}
