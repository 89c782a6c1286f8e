// Builds and updates DOM from the wasm renderer's VNodes with createElement, setAttribute and text
// nodes only: server data never reaches an HTML parser.
import { isSafeAttr, isSafeTag } from './safe_attrs.js';

/** @typedef {string | { tag: string, key?: string, attrs?: Record<string, string>, children?: VNode[] }} VNode */
/** @typedef {{ onKeyed?: (el: Element, key: string) => void, onDrop?: (node: Node) => void }} Hooks */

export const KEY_ATTR = 'data-ck-key';
// Attributes that mirror a live property the user can change. The property follows the attribute
// only when the rendered attribute itself changes, so typed text and ticks survive other updates.
const LIVE_PROPS = { value: 'value', checked: 'checked', selected: 'selected' };
// The attributes each element was last rendered with: live values are compared with what was
// rendered, never with what the user has typed since.
const rendered = new WeakMap();

function setStyle(el, css) {
  // CSSOM rather than the style attribute: allowed under a CSP without 'unsafe-inline'. No url():
  // server data never makes the page fetch anything.
  el.style.cssText = /url\s*\(|expression\s*\(|@import/i.test(css) ? '' : css;
}

function setAttr(el, name, text) {
  if (name === 'style') return setStyle(el, text);
  if (!isSafeAttr(el.localName, name, text)) {
    console.warn('chatkit: refused attribute', name, 'on', el.localName);
    return;
  }
  el.setAttribute(name, text);
  const prop = LIVE_PROPS[name];
  if (prop && prop in el) el[prop] = prop === 'value' ? text : true;
}

function removeAttr(el, name) {
  if (name === 'style') el.style.cssText = '';
  else el.removeAttribute(name);
  const prop = LIVE_PROPS[name];
  if (prop && prop in el) el[prop] = prop === 'value' ? '' : false;
}

const attrsOf = (vnode) => Object.fromEntries(Object.entries(vnode.attrs ?? {}).map(([k, v]) => [k, String(v)]));

/** Creates the DOM for one VNode; `hooks.onKeyed(el, key)` runs for every keyed element. */
export function build(vnode, hooks = {}) {
  if (typeof vnode === 'string') return document.createTextNode(vnode);
  if (!vnode || !isSafeTag(vnode.tag)) {
    console.warn('chatkit: refused element', vnode && vnode.tag);
    return document.createTextNode('');
  }
  const el = document.createElement(vnode.tag);
  const attrs = attrsOf(vnode);
  for (const [name, text] of Object.entries(attrs)) setAttr(el, name, text);
  rendered.set(el, attrs);
  for (const child of vnode.children ?? []) el.appendChild(build(child, hooks));
  if (vnode.key != null) {
    el.setAttribute(KEY_ATTR, vnode.key);
    hooks.onKeyed?.(el, vnode.key);
  }
  return el;
}

// Elements the app adds inside rendered items (the feedback bar): morphing leaves them alone.
export const CHROME_ATTR = 'data-ck-chrome';
const isChrome = (node) => node.nodeType === 1 && node.hasAttribute(CHROME_ATTR);
const keyOf = (node) => (node.nodeType === 1 ? node.getAttribute(KEY_ATTR) : null);

function sameKind(node, vnode) {
  if (typeof vnode === 'string') return node.nodeType === 3;
  return node.nodeType === 1 && node.localName === vnode.tag && keyOf(node) === (vnode.key ?? null);
}

function morphAttrs(el, vnode) {
  const before = rendered.get(el) ?? {};
  const after = attrsOf(vnode);
  for (const name of Object.keys(before)) if (!(name in after)) removeAttr(el, name);
  for (const [name, text] of Object.entries(after)) if (before[name] !== text) setAttr(el, name, text);
  rendered.set(el, after);
}

/**
 * Turns `node` into the DOM of `vnode`, reusing elements of the same tag and key, so that focus,
 * caret and typed text survive wherever the rendered attributes did not change. Returns the node
 * now standing for `vnode` (a new one when the tag or key differ).
 */
export function morph(node, vnode, hooks = {}) {
  if (!sameKind(node, vnode)) {
    const fresh = build(vnode, hooks);
    hooks.onDrop?.(node);
    node.replaceWith(fresh);
    return fresh;
  }
  if (typeof vnode === 'string') {
    if (node.data !== vnode) node.data = vnode;
    return node;
  }
  morphAttrs(node, vnode);
  morphChildren(node, vnode.children ?? [], hooks);
  if (vnode.key != null) hooks.onKeyed?.(node, vnode.key);
  return node;
}

function morphChildren(el, children, hooks) {
  // Keyed children are found by key wherever they are; unkeyed ones are matched in order.
  const old = [...el.childNodes].filter((n) => !isChrome(n));
  const byKey = new Map();
  const unkeyed = [];
  for (const n of old) (keyOf(n) != null ? byKey.set(keyOf(n), n) : unkeyed.push(n));
  const used = new Set();
  let next = 0;  // the first unkeyed old node not yet considered
  let cursor = el.firstChild;
  const skipChrome = () => { while (cursor && isChrome(cursor)) cursor = cursor.nextSibling; };
  for (const child of children) {
    const key = typeof child === 'string' ? null : child.key ?? null;
    let match = null;
    if (key != null) match = byKey.get(key) ?? null;
    else if (next < unkeyed.length && sameKind(unkeyed[next], child)) match = unkeyed[next++];
    if (match && used.has(match)) match = null;
    skipChrome();
    let node;
    if (match) {
      used.add(match);
      const wasCursor = match === cursor;
      node = morph(match, child, hooks);
      if (wasCursor) cursor = node;
    } else {
      node = build(child, hooks);
    }
    if (node === cursor) cursor = cursor.nextSibling;
    else el.insertBefore(node, cursor);
  }
  for (const n of old) {
    if (used.has(n) || !n.parentNode) continue;
    hooks.onDrop?.(n);
    n.remove();
  }
}
