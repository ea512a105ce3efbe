/**
 * The model graph: layers as boxes in ranks from input to output, edges for every connection
 * (branches, merges and skip connections), and a frame around the layers each helper call built,
 * collapsible into one box. Clicking a layer (or Enter/Space) selects it and reveals its source
 * line; arrow keys move between boxes; a group's label button collapses or expands it.
 */
import type { ModelSummary } from '../../../extension/protocol/model';
import { el } from '../../dom';
import {
  BOX_HEIGHT,
  BOX_WIDTH,
  GUTTER,
  graphLayout,
  type GraphLayout,
  type PlacedGroup,
  type PlacedNode,
} from '../data/graphLayout';

const SVG = 'http://www.w3.org/2000/svg';

export interface GraphActions {
  select(layer: string): void;
}

function svgElement<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string>,
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
}

/** CSSOM positions are allowed under the CSP (only style attributes in markup are not). */
function place(element: HTMLElement, x: number, y: number, width?: number, height?: number): void {
  element.style.left = `${x}px`;
  element.style.top = `${y}px`;
  if (width !== undefined) element.style.width = `${width}px`;
  if (height !== undefined) element.style.height = `${height}px`;
}

function edgesSvg(layout: GraphLayout): SVGSVGElement {
  const svg = svgElement('svg', {
    class: 'graph-edges',
    width: String(layout.width),
    height: String(layout.height),
    'aria-hidden': 'true',
  });
  const marker = svgElement('marker', {
    id: 'graph-arrow',
    viewBox: '0 0 8 8',
    refX: '7',
    refY: '4',
    markerWidth: '7',
    markerHeight: '7',
    orient: 'auto-start-reverse',
  });
  marker.append(svgElement('path', { d: 'M0,0 L8,4 L0,8 z', class: 'graph-arrow' }));
  const defs = svgElement('defs', {});
  defs.append(marker);
  svg.append(defs);
  for (const edge of layout.edges) {
    svg.append(
      svgElement('path', {
        d: edge.path,
        class: `graph-edge${edge.skip ? ' skip' : ''}`,
        'marker-end': 'url(#graph-arrow)',
        'data-from': edge.from,
        'data-to': edge.to,
      }),
    );
  }
  return svg;
}

export class GraphView {
  readonly element = el('div', { class: 'graph' });
  private readonly toggleAll = el('button', { type: 'button', class: 'action secondary graph-toggle-all' });
  private readonly canvas = el('div', {
    class: 'graph-canvas',
    role: 'group',
    'aria-label': 'Model graph, input to output',
  });
  private summary: ModelSummary | undefined;
  private collapsed = new Set<string>();
  private selected: string | null = null;
  private groupIds: string[] = [];

  constructor(private readonly actions: GraphActions) {
    this.canvas.addEventListener('keydown', (event) => this.onKey(event));
    this.toggleAll.addEventListener('click', () => {
      this.collapsed = this.collapsed.size > 0 ? new Set() : new Set(this.groupIds);
      this.draw();
    });
    this.element.append(el('div', { class: 'graph-toolbar' }, this.toggleAll), this.canvas);
  }

  update(summary: ModelSummary, selected: string | null): void {
    this.selected = selected;
    if (summary !== this.summary) {
      this.summary = summary;
      this.collapsed = new Set();
      this.draw();
    } else this.markSelection();
  }

  private draw(): void {
    if (this.summary === undefined) return;
    const layout = graphLayout(this.summary, this.collapsed);
    this.groupIds = layout.groups.map((group) => group.info.id);
    this.toggleAll.hidden = layout.groups.length === 0;
    this.toggleAll.textContent = this.collapsed.size > 0 ? 'Expand all blocks' : 'Collapse all blocks';
    place(this.canvas, 0, 0, layout.width, layout.height);
    const nodes = [...layout.nodes].sort((a, b) => a.y - b.y || a.x - b.x);
    this.canvas.replaceChildren(
      ...layout.groups.filter((group) => !group.collapsed).map((group) => this.frame(group)),
      edgesSvg(layout),
      ...layout.groups.map((group) => this.groupLabel(group)),
      ...nodes.map((node) => this.nodeButton(node)),
    );
    this.markSelection();
  }

  private frame(group: PlacedGroup): HTMLElement {
    const frame = el('div', { class: 'group-frame', 'data-group': group.info.id });
    place(frame, group.x, group.y, group.width, group.height);
    return frame;
  }

  private groupLabel(group: PlacedGroup): HTMLButtonElement {
    const { info } = group;
    const button = el(
      'button',
      {
        type: 'button',
        class: 'group-toggle',
        'aria-expanded': String(!group.collapsed),
        title: `${info.layers.length} layers built by ${info.label} (called on line ${info.line}): click to ${group.collapsed ? 'expand' : 'collapse'}`,
      },
      `${group.collapsed ? '▸' : '▾'} ${info.label}`,
    );
    place(button, 0, group.y + (group.collapsed ? 0 : 2), GUTTER - 8);
    button.addEventListener('click', () => this.toggle(info.id));
    return button;
  }

  private toggle(id: string): void {
    if (!this.collapsed.delete(id)) this.collapsed.add(id);
    this.draw();
  }

  private nodeButton(node: PlacedNode): HTMLButtonElement {
    const button =
      node.kind === 'group' && node.group
        ? el(
            'button',
            {
              type: 'button',
              class: 'layer-box group-box',
              'data-group': node.id,
              title: `${node.group.label}: ${node.group.layers.length} layers, collapsed (click to expand)`,
            },
            el('span', { class: 'layer-class' }, node.group.label),
            el('span', { class: 'layer-params' }, `${node.group.params.toLocaleString('en-US')} params`),
            el('span', { class: 'layer-shape' }, node.group.outputShape),
            el('span', { class: 'layer-name' }, `${node.group.layers.length} layers`),
          )
        : this.layerButton(node);
    place(button, node.x, node.y, BOX_WIDTH, BOX_HEIGHT);
    if (node.kind === 'group') button.addEventListener('click', () => this.toggle(node.id));
    return button;
  }

  private layerButton(node: PlacedNode): HTMLButtonElement {
    const box = node.box;
    const name = box?.name ?? node.id;
    const where = box?.line == null ? '' : ` (line ${box.line})`;
    const button = el(
      'button',
      {
        type: 'button',
        class: `layer-box ${box?.role ?? 'hidden'}`,
        'data-layer': name,
        title: `${box?.className ?? ''} ${name}${where}: ${box?.shape ?? ''}, ${box?.params ?? ''}. Click to show its line.`,
      },
      el('span', { class: 'layer-class' }, box?.className ?? ''),
      el('span', { class: 'layer-params' }, box?.params ?? ''),
      el('span', { class: 'layer-shape' }, box?.shape ?? ''),
      el('span', { class: 'layer-name' }, name),
    );
    button.addEventListener('click', () => this.actions.select(name));
    return button;
  }

  private markSelection(): void {
    const buttons = this.buttons();
    for (const button of buttons) {
      const isSelected = button.dataset.layer !== undefined && button.dataset.layer === this.selected;
      button.setAttribute('aria-pressed', String(isSelected));
      button.tabIndex = isSelected || (this.selected === null && button === buttons[0]) ? 0 : -1;
    }
  }

  private buttons(): HTMLButtonElement[] {
    return [...this.canvas.querySelectorAll<HTMLButtonElement>('button.layer-box')];
  }

  private onKey(event: KeyboardEvent): void {
    const step =
      event.key === 'ArrowDown' || event.key === 'ArrowRight'
        ? 1
        : event.key === 'ArrowUp' || event.key === 'ArrowLeft'
          ? -1
          : 0;
    if (step === 0) return;
    const buttons = this.buttons();
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = buttons[Math.min(buttons.length - 1, Math.max(0, index + step))];
    if (next === undefined) return;
    event.preventDefault();
    buttons.forEach((button) => (button.tabIndex = -1));
    next.tabIndex = 0;
    next.focus();
  }
}
