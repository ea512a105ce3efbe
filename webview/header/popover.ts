/**
 * A button that opens a small panel under it: the backend's details, the run's adjustments,
 * the chart options when the panel is narrow. Built on the HTML popover API, so a click
 * outside or Escape closes it, it sits above everything (never clipped by the charts), and
 * the button says whether it is open (`aria-expanded`, kept by the browser).
 */
import { el } from '../dom';

export interface PopoverParts {
  readonly button: HTMLButtonElement;
  readonly panel: HTMLElement;
}

/** `panel` gets the popover attribute and the id; `button` opens and closes it. */
export function popover(id: string, button: HTMLButtonElement, panel: HTMLElement): PopoverParts {
  panel.id = id;
  panel.setAttribute('popover', '');
  button.type = 'button';
  button.setAttribute('popovertarget', id);
  panel.addEventListener('toggle', (event) => {
    if ((event as ToggleEvent).newState === 'open') placeUnder(button, panel);
  });
  return { button, panel };
}

/** A plain button styled as VS Code's secondary button (the popover API needs a real `<button>`; media/buttons.css). */
export function popoverButton(label: string, ...content: (Node | string)[]): HTMLButtonElement {
  return el('button', { class: 'action secondary compact', 'aria-label': label }, ...content);
}

const MARGIN = 4;

/** Under the button, kept inside the window (right-aligned when it would overflow). */
function placeUnder(button: HTMLElement, panel: HTMLElement): void {
  const anchor = button.getBoundingClientRect();
  const width = panel.offsetWidth;
  const left = Math.max(MARGIN, Math.min(anchor.left, window.innerWidth - width - MARGIN));
  panel.style.left = `${Math.round(left)}px`;
  panel.style.top = `${Math.round(anchor.bottom + MARGIN)}px`;
}
