/** A titled section of the inspector, hidden until it has something to show. */
import { el } from '../../dom';

export function section(id: string, title: string, ...children: Node[]): HTMLElement {
  return el(
    'section',
    { class: 'section', id, 'aria-labelledby': `${id}-title` },
    el('h2', { id: `${id}-title` }, title),
    ...children,
  );
}
