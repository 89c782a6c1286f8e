// A tiny element factory for the app's own chrome (buttons, list rows). Text goes in as text
// nodes; there is no way to pass markup.

/**
 * h('button', { class: 'x', 'aria-label': 'Stop', onclick: fn }, 'Stop')
 * Props starting with "on" are listeners (the app's own functions, never server data).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, string | number | boolean | null | undefined | ((event: Event) => void)>} [props]
 * @param {...(Node | string | null | false | (Node | string | null | false)[])} children
 * @returns {HTMLElementTagNameMap[K]}
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

/**
 * The element of the page's own markup that `selector` finds in `root`, of class `type`: a missing
 * one is a clear error at once rather than a TypeError later.
 * @template {Element} T
 * @param {ParentNode} root @param {string} selector @param {{ new (): T, name: string }} type
 * @returns {T}
 */
export function find(root, selector, type) {
  const el = root.querySelector(selector);
  if (!(el instanceof type)) throw new Error(`the page has no ${type.name} ${selector}`);
  return el;
}
