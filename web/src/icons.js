// The element's line icons as inline SVG (no icon font, no emoji: they render the same on every
// machine), built with createElementNS from constant path data in this file. Names are ours and
// ChatKit's (ChatKitIcon for prompts and tools, HeaderIcon for header buttons); a name without a
// drawing here (a `lucide:…` name, or one a newer ChatKit adds) gets a neutral dot.

const SVG = 'http://www.w3.org/2000/svg';
const THUMB = 'M7 11v9H4v-9zM7 11l4-7c1.4 0 2.3 1.1 2 2.5L12.4 10H18a2 2 0 0 1 2 2.3l-1.2 6A2 2 0 0 1 16.8 20H7';
const SIDEBAR = 'M4 5h16v14H4zM9 5v14';
const COMPOSE = 'M4 20h4L19 9l-4-4L4 16zM13 7l4 4';
const STAR = 'M12 4l2.5 5 5.5.8-4 3.9.9 5.5L12 16.6 7.1 19.2 8 13.7 4 9.8 9.5 9z';
const DOTS_H = 'M5 12h.01M12 12h.01M19 12h.01';
const DOTS_V = 'M12 5h.01M12 12h.01M12 19h.01';
const CHECK_CIRCLE = 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM8 12l3 3 5-6';
const DOCUMENT = 'M6 3h8l4 4v14H6zM14 3v4h4';
const BOOK = 'M4 5h6a2 2 0 0 1 2 2v13a2 2 0 0 0-2-2H4zM20 5h-6a2 2 0 0 0-2 2v13a2 2 0 0 1 2-2h6z';
const CHEVRON_L = 'M15 6l-6 6 6 6';
const CHEVRON_R = 'M9 6l6 6-6 6';
const EXPAND = 'M4 10V4h6M20 14v6h-6M4 4l6 6M20 20l-6-6';
const COLLAPSE = 'M10 4v6H4M14 20v-6h6M4 4l6 6M20 20l-6-6';
/** @type {Record<string, string>} */
const PATHS = {
  copy: 'M9 9h10v11H9zM5 15V4h10',
  rename: COMPOSE,
  delete: 'M4 7h16M10 11v6M14 11v6M9 7V4h6v3M6 7l1 13h10l1-13',
  up: THUMB,
  down: THUMB,
  menu: 'M4 6h16M4 12h16M4 18h16',
  close: 'M6 6l12 12M18 6L6 18',
  retry: 'M4 12a8 8 0 1 0 2.3-5.6M4 4v4h4',
  dot: 'M12 12h.01',
  paperclip: 'M20 11l-8.5 8.5a5 5 0 0 1-7-7L13 4a3.5 3.5 0 0 1 5 5l-8.5 8.5a2 2 0 0 1-3-3L14 7',
  mic: 'M12 3a3 3 0 0 0-3 3v6a3 3 0 0 0 6 0V6a3 3 0 0 0-3-3zM5 11a7 7 0 0 0 14 0M12 18v3',
  'square-image': 'M4 4h16v16H4zM4 16l5-5 4 4 3-3 4 4M15 9h.01',
  // ChatKitIcon
  agent: 'M8 8h8v8H8zM12 4v4M4 12h4M16 12h4M12 16v4', bolt: 'M13 3L5 14h6l-1 7 8-11h-6z',
  'book-open': BOOK, 'book-closed': 'M6 4h12v16H6zM9 4v16', calendar: 'M4 6h16v14H4zM4 10h16M8 3v4M16 3v4',
  chart: 'M4 20V10M10 20V4M16 20v-8M4 20h16', check: 'M5 12l5 5 9-10', 'check-circle': CHECK_CIRCLE,
  'check-circle-filled': CHECK_CIRCLE, 'chevron-left': CHEVRON_L, 'chevron-right': CHEVRON_R,
  'circle-question': 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.7.4-1 .9-1 1.7M12 17h.01',
  clock: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 7v5l3 2', compass: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM15 9l-2 4-4 2 2-4z',
  document: DOCUMENT, 'page-blank': DOCUMENT, 'square-text': 'M4 4h16v16H4zM8 9h8M8 13h8M8 17h5',
  'dots-horizontal': DOTS_H, 'dots-vertical': DOTS_V, 'external-link': 'M14 4h6v6M20 4l-9 9M18 14v6H4V6h6',
  globe: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM3 12h18M12 3c3 3 3 15 0 18M12 3c-3 3-3 15 0 18',
  info: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 11v6M12 7h.01', lightbulb: 'M9 18h6M10 21h4M12 3a6 6 0 0 0-3.5 10.9c.5.4.5 1 .5 1.6V16h6v-.5c0-.6 0-1.2.5-1.6A6 6 0 0 0 12 3z',
  mail: 'M4 6h16v12H4zM4 7l8 6 8-6', 'map-pin': 'M12 21s-6-5.5-6-11a6 6 0 0 1 12 0c0 5.5-6 11-6 11zM12 8v4',
  notebook: 'M6 3h12v18H6zM9 3v18', 'notebook-pencil': 'M6 3h12v18H6zM10 15l5-5 2 2-5 5h-2z', phone: 'M8 3h8v18H8zM11 18h2',
  mobile: 'M8 3h8v18H8zM11 18h2', desktop: 'M3 5h18v11H3zM9 20h6M12 16v4', play: 'M7 4l13 8-13 8z', plus: 'M12 5v14M5 12h14',
  profile: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21a8 8 0 0 1 16 0', user: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21a8 8 0 0 1 16 0',
  reload: 'M4 12a8 8 0 1 0 2.3-5.6M4 4v4h4', search: 'M11 4a7 7 0 1 0 0 14 7 7 0 0 0 0-14zM16 16l4 4',
  sparkle: 'M12 3l2 7 7 2-7 2-2 7-2-7-7-2 7-2z', 'sparkle-double': 'M10 4l1.5 5 5 1.5-5 1.5L10 17l-1.5-5-5-1.5 5-1.5zM18 14l.8 2.2 2.2.8-2.2.8L18 20l-.8-2.2-2.2-.8 2.2-.8z',
  star: STAR, 'star-filled': STAR, write: COMPOSE, 'write-alt': COMPOSE, 'write-alt2': COMPOSE,
  'settings-slider': 'M4 7h10M18 7h2M4 17h2M10 17h10M14 5v4M6 15v4', suitcase: 'M4 8h16v11H4zM9 8V5h6v3',
  bug: 'M8 9h8v7a4 4 0 0 1-8 0zM12 9v11M4 13h4M16 13h4M9 5l1.5 2M15 5l-1.5 2',
  // HeaderIcon
  'sidebar-left': SIDEBAR, 'sidebar-right': 'M4 5h16v14H4zM15 5v14', 'sidebar-open-left': SIDEBAR, 'sidebar-open-right': 'M4 5h16v14H4zM15 5v14',
  'sidebar-open-left-alt': SIDEBAR, 'sidebar-open-right-alt': 'M4 5h16v14H4zM15 5v14', 'sidebar-floating-left': SIDEBAR,
  'sidebar-floating-right': 'M4 5h16v14H4zM15 5v14', 'sidebar-collapse-left': SIDEBAR, 'sidebar-collapse-right': 'M4 5h16v14H4zM15 5v14',
  'collapse-left': CHEVRON_L, 'collapse-right': CHEVRON_R, 'open-left': CHEVRON_L, 'open-right': CHEVRON_R,
  'double-chevron-left': 'M12 6l-6 6 6 6M18 6l-6 6 6 6', 'double-chevron-right': 'M6 6l6 6-6 6M12 6l6 6-6 6',
  home: 'M4 11l8-7 8 7v9H4zM10 20v-5h4v5', 'home-alt': 'M4 11l8-7 8 7v9H4z', 'back-small': CHEVRON_L, 'back-large': 'M20 12H4M10 6l-6 6 6 6',
  'expand-large': EXPAND, 'expand-small': EXPAND, 'collapse-large': COLLAPSE, 'collapse-small': COLLAPSE,
  'chat-temporary': 'M4 5h16v11H9l-5 4z', 'settings-cog': 'M12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6zM12 3v3M12 18v3M3 12h3M18 12h3M5.6 5.6l2.1 2.1M16.3 16.3l2.1 2.1M5.6 18.4l2.1-2.1M16.3 7.7l2.1-2.1',
  grid: 'M4 4h7v7H4zM13 4h7v7h-7zM4 13h7v7H4zM13 13h7v7h-7z', 'dots-horizontal-circle': DOTS_H, 'dots-vertical-circle': DOTS_V,
  'menu-inverted': 'M4 6h16M4 12h16M4 18h16', hamburger: 'M4 6h16M4 12h16M4 18h16',
  history: 'M4 12a8 8 0 1 0 2.3-5.6M4 4v4h4M12 8v4l3 2', compose: COMPOSE,
  share: 'M12 4v12M7 9l5-5 5 5M5 14v6h14v-6', 'light-mode': 'M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8zM12 2v2M12 20v2M2 12h2M20 12h2',
  'dark-mode': 'M20 14A8 8 0 1 1 10 4a6 6 0 0 0 10 10z',
};

/**
 * An icon element, hidden from assistive technology (its button carries the name).
 * @param {string} name one of ours, a ChatKitIcon or a HeaderIcon
 */
export function icon(name) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', 'ck-svg-icon');
  svg.setAttribute('data-icon', name);
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', Object.hasOwn(PATHS, name) ? PATHS[name] ?? PATHS.dot ?? '' : PATHS.dot ?? '');
  if (name === 'down') path.setAttribute('transform', 'rotate(180 12 12)');
  svg.append(path);
  return svg;
}
