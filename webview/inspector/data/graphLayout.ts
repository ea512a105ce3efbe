/**
 * The model graph laid out as the network really is: layers in ranks from input to output (a
 * layer sits one rank below the lowest rank that lets all its inputs come first), branches side
 * by side, every merge's inputs drawn as edges, and skip connections routed beside the boxes so
 * they stay visible. Layers built by one call of a helper form a group that can be collapsed into
 * one box. Pure: positions in CSS pixels, for the view to draw.
 */
import type { LayerSummary, ModelSummary } from '../../../extension/protocol/model';
import { layerBoxes, type LayerBox } from './modelGraph';

export const BOX_WIDTH = 172;
export const BOX_HEIGHT = 44;
const COLUMN_GAP = 16;
const RANK_GAP = 22;
/** The left gutter holds the group labels (their collapse buttons). */
export const GUTTER = 96;
const LANE_GAP = 12;
const GROUP_PADDING = 6;

export interface GroupInfo {
  readonly id: string;
  /** "residualBlock #3" */
  readonly label: string;
  /** Where the helper was called, for the label's tooltip. */
  readonly line: number;
  readonly layers: readonly string[];
  readonly params: number;
  readonly outputShape: string;
}

export interface PlacedNode {
  /** The layer's name, or the group's id when it is collapsed. */
  readonly id: string;
  readonly kind: 'layer' | 'group';
  readonly x: number;
  readonly y: number;
  readonly rank: number;
  readonly box?: LayerBox;
  readonly group?: GroupInfo;
}

export interface PlacedEdge {
  readonly from: string;
  readonly to: string;
  /** An SVG path from the source's bottom (or side, for a long edge) to the target's top (or side). */
  readonly path: string;
  /** Spans more than one rank: a skip connection. */
  readonly skip: boolean;
}

export interface PlacedGroup {
  readonly info: GroupInfo;
  readonly collapsed: boolean;
  /** The frame around its layers (expanded) or the label's place (collapsed). */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface GraphLayout {
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
  readonly groups: readonly PlacedGroup[];
  readonly width: number;
  readonly height: number;
}

function groupKey(layer: LayerSummary): string | undefined {
  const built = layer.builtBy;
  return built && `${built.helper}#${built.call}@${built.site.line}:${built.site.column}`;
}

/** Groups of at least two layers, each from one helper call, in model order; a group of every layer is none. */
export function helperGroups(summary: ModelSummary): GroupInfo[] {
  const members = new Map<string, LayerSummary[]>();
  for (const layer of summary.layers) {
    const key = groupKey(layer);
    if (key !== undefined) members.set(key, [...(members.get(key) ?? []), layer]);
  }
  const withSource = summary.layers.filter((layer) => layer.source !== undefined).length;
  return [...members.entries()]
    .filter(([, layers]) => layers.length >= 2 && layers.length < withSource)
    .map(([id, layers]) => {
      const first = layers[0] as LayerSummary;
      const last = layers[layers.length - 1] as LayerSummary;
      const built = first.builtBy as NonNullable<LayerSummary['builtBy']>;
      return {
        id,
        label: `${built.helper} #${built.call + 1}`,
        line: built.site.line,
        layers: layers.map((layer) => layer.name),
        params: layers.reduce((sum, layer) => sum + layer.params, 0),
        outputShape: layerBoxes({ ...summary, layers: [last] })[0]?.shape ?? '',
      };
    });
}

interface Ranked {
  readonly nodeOf: Map<string, string>;
  readonly rank: Map<string, number>;
  readonly order: string[];
  readonly edges: { from: string; to: string }[];
}

function rankNodes(summary: ModelSummary, groupOf: Map<string, GroupInfo>, collapsed: ReadonlySet<string>): Ranked {
  const nodeOf = new Map<string, string>();
  for (const layer of summary.layers) {
    const group = groupOf.get(layer.name);
    nodeOf.set(layer.name, group && collapsed.has(group.id) ? group.id : layer.name);
  }
  const rank = new Map<string, number>();
  const order: string[] = [];
  const edges: { from: string; to: string }[] = [];
  const seen = new Set<string>();
  for (const layer of summary.layers) {
    const node = nodeOf.get(layer.name) as string;
    if (!rank.has(node)) {
      rank.set(node, 0);
      order.push(node);
    }
    for (const inbound of layer.inbound ?? []) {
      const from = nodeOf.get(inbound);
      if (from === undefined || from === node) continue;
      rank.set(node, Math.max(rank.get(node) ?? 0, (rank.get(from) ?? 0) + 1));
      if (!seen.has(`${from}→${node}`)) {
        seen.add(`${from}→${node}`);
        edges.push({ from, to: node });
      }
    }
  }
  // A model without inbound information (an old run) is drawn as the chain it was listed in.
  if (summary.layers.every((layer) => layer.inbound === undefined))
    order.forEach((node, i) => {
      rank.set(node, i);
      if (i > 0) edges.push({ from: order[i - 1] as string, to: node });
    });
  return { nodeOf, rank, order, edges };
}

function edgePath(from: PlacedNode, to: PlacedNode, lane: number): string {
  const skip = to.rank - from.rank > 1;
  if (!skip) {
    const [x1, y1] = [from.x + BOX_WIDTH / 2, from.y + BOX_HEIGHT];
    const [x2, y2] = [to.x + BOX_WIDTH / 2, to.y];
    const mid = (y1 + y2) / 2;
    return `M${x1},${y1} C${x1},${mid} ${x2},${mid} ${x2},${y2}`;
  }
  // Beside the boxes, on the right, so the edge never hides behind a layer in between.
  const [x1, y1] = [from.x + BOX_WIDTH, from.y + BOX_HEIGHT / 2];
  const [x2, y2] = [to.x + BOX_WIDTH, to.y + BOX_HEIGHT / 2];
  const laneX = Math.max(x1, x2) + LANE_GAP * (lane + 2);
  return `M${x1},${y1} C${laneX},${y1} ${laneX},${y2} ${x2},${y2}`;
}

export function graphLayout(summary: ModelSummary, collapsed: ReadonlySet<string> = new Set()): GraphLayout {
  const groups = helperGroups(summary);
  const groupOf = new Map<string, GroupInfo>();
  for (const group of groups) for (const name of group.layers) groupOf.set(name, group);
  const boxes = new Map(layerBoxes(summary).map((box) => [box.name, box]));
  const ranked = rankNodes(summary, groupOf, collapsed);
  const columnsUsed = new Map<number, number>();
  const nodes = new Map<string, PlacedNode>();
  for (const id of ranked.order) {
    const rank = ranked.rank.get(id) ?? 0;
    const column = columnsUsed.get(rank) ?? 0;
    columnsUsed.set(rank, column + 1);
    const group = groups.find((candidate) => candidate.id === id);
    nodes.set(id, {
      id,
      kind: group ? 'group' : 'layer',
      x: GUTTER + column * (BOX_WIDTH + COLUMN_GAP),
      y: rank * (BOX_HEIGHT + RANK_GAP),
      rank,
      ...(group ? { group } : { box: boxes.get(id) as LayerBox }),
    });
  }
  let lane = 0;
  const edges = ranked.edges.flatMap(({ from, to }) => {
    const source = nodes.get(from);
    const target = nodes.get(to);
    if (!source || !target) return [];
    const skip = target.rank - source.rank > 1;
    return [{ from, to, path: edgePath(source, target, skip ? lane++ % 3 : 0), skip }];
  });
  const placedGroups = groups.map((info) => placeGroup(info, collapsed.has(info.id), nodes, ranked.nodeOf));
  const placed = [...nodes.values()];
  const columns = Math.max(1, ...columnsUsed.values());
  return {
    nodes: placed,
    edges,
    groups: placedGroups,
    width: GUTTER + columns * (BOX_WIDTH + COLUMN_GAP) - COLUMN_GAP + LANE_GAP * 4 + GROUP_PADDING,
    height: Math.max(0, ...placed.map((node) => node.y + BOX_HEIGHT)) + GROUP_PADDING,
  };
}

function placeGroup(
  info: GroupInfo,
  collapsed: boolean,
  nodes: Map<string, PlacedNode>,
  nodeOf: Map<string, string>,
): PlacedGroup {
  const members = [...new Set(info.layers.map((name) => nodeOf.get(name) ?? name))].flatMap(
    (id) => nodes.get(id) ?? [],
  );
  const left = Math.min(...members.map((node) => node.x)) - GROUP_PADDING;
  const top = Math.min(...members.map((node) => node.y)) - GROUP_PADDING;
  const right = Math.max(...members.map((node) => node.x + BOX_WIDTH)) + GROUP_PADDING + LANE_GAP * 4;
  const bottom = Math.max(...members.map((node) => node.y + BOX_HEIGHT)) + GROUP_PADDING;
  return { info, collapsed, x: left, y: top, width: right - left, height: bottom - top };
}
