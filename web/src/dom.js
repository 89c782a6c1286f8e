// A tiny element factory for the app's own chrome (buttons, list rows). Text goes in as text
// nodes; there is no way to pass markup.

/**
 * h('button', { class: 'x', 'aria-label': 'Stop', onclick: fn }, 'Stop')
 * Props starting with "on" are listeners (the app's own functions, never server data).
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value == null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child == null || child === false) continue;
    el.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return el;
}
