// The app's own line icons as inline SVG (no icon font, no emoji: they render the same on every
// machine). Built with createElementNS from constant path data in this file.

const SVG = 'http://www.w3.org/2000/svg';
const THUMB = 'M7 11v9H4v-9zM7 11l4-7c1.4 0 2.3 1.1 2 2.5L12.4 10H18a2 2 0 0 1 2 2.3l-1.2 6A2 2 0 0 1 16.8 20H7';
/** @type {Record<IconName, string>} */
const PATHS = {
  copy: 'M9 9h10v11H9zM5 15V4h10',
  rename: 'M4 20h4L19 9l-4-4L4 16zM13 7l4 4',
  delete: 'M4 7h16M10 11v6M14 11v6M9 7V4h6v3M6 7l1 13h10l1-13',
  up: THUMB,
  down: THUMB,
  menu: 'M4 6h16M4 12h16M4 18h16',
  close: 'M6 6l12 12M18 6L6 18',
};

/** @typedef {'copy' | 'rename' | 'delete' | 'up' | 'down' | 'menu' | 'close'} IconName */

/**
 * An icon element, hidden from assistive technology (its button carries the name).
 * @param {IconName} name
 */
export function icon(name) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', 'ck-svg-icon');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', PATHS[name]);
  if (name === 'down') path.setAttribute('transform', 'rotate(180 12 12)');
  svg.append(path);
  return svg;
}
