// Builds and updates DOM from the wasm renderer's VNodes with createElement, setAttribute and text
// nodes only: server data never reaches an HTML parser.
import { isSafeAttr, isSafeTag } from './safe_attrs.js';

/** @import { VElement, VNode } from './chatkit.d.ts' */
/** @typedef {{ onKeyed?: (el: HTMLElement, key: string) => void, onDrop?: (node: Node) => void }} Hooks */

export const KEY_ATTR = 'data-ck-key';
// The attributes each element was last rendered with: live values are compared with what was
// rendered, never with what the user has typed since.
/** @type {WeakMap<Element, Record<string, string>>} */
const rendered = new WeakMap();

/** @param {Node} node @returns {node is Element} */
export const isElement = (node) => node.nodeType === Node.ELEMENT_NODE;
/** @param {Node} node @returns {node is Text} */
export const isText = (node) => node.nodeType === Node.TEXT_NODE;

/**
 * Attributes that mirror a live property the user can change (`value`, `checked`, `selected`). The
 * property follows the attribute only when the rendered attribute itself changes, so typed text
 * and ticks survive other updates. `text` null: the attribute was removed.
 * @param {HTMLElement} el @param {string} name @param {string | null} text
 */
function syncLiveProp(el, name, text) {
  if (name === 'value' && 'value' in el) el.value = text ?? '';
  else if (name === 'checked' && 'checked' in el) el.checked = text != null;
  else if (name === 'selected' && 'selected' in el) el.selected = text != null;
}

/** @param {HTMLElement} el @param {string} css */
function setStyle(el, css) {
  // CSSOM rather than the style attribute: allowed under a CSP without 'unsafe-inline'. No url():
  // server data never makes the page fetch anything.
  el.style.cssText = /url\s*\(|expression\s*\(|@import/i.test(css) ? '' : css;
}

/** @param {HTMLElement} el @param {string} name @param {string} text */
function setAttr(el, name, text) {
  if (name === 'style') return setStyle(el, text);
  if (!isSafeAttr(el.localName, name, text)) {
    console.warn('chatkit: refused attribute', name, 'on', el.localName);
    return;
  }
  el.setAttribute(name, text);
  syncLiveProp(el, name, text);
}

/** @param {HTMLElement} el @param {string} name */
function removeAttr(el, name) {
  if (name === 'style') el.style.cssText = '';
  else el.removeAttribute(name);
  syncLiveProp(el, name, null);
}

// String() because the VNode comes from outside: a value that is not text is still set as text.
/** @type {(vnode: VElement) => Record<string, string>} */
const attrsOf = (vnode) => Object.fromEntries(Object.entries(vnode.attrs ?? {}).map(([k, v]) => [k, String(v)]));

/**
 * Creates the DOM for one VNode; `hooks.onKeyed(el, key)` runs for every keyed element.
 * @param {VNode} vnode @param {Hooks} [hooks] @returns {Text | HTMLElement}
 */
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
/** @type {(node: Node) => boolean} */
const isChrome = (node) => isElement(node) && node.hasAttribute(CHROME_ATTR);
/** @type {(node: Node) => string | null} */
const keyOf = (node) => (isElement(node) ? node.getAttribute(KEY_ATTR) : null);

/** @param {Node} node @param {VNode} vnode */
function sameKind(node, vnode) {
  if (typeof vnode === 'string') return isText(node);
  return isElement(node) && node.localName === vnode.tag && keyOf(node) === (vnode.key ?? null);
}

/** @param {HTMLElement} el @param {VElement} vnode */
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
 * @param {ChildNode} node @param {VNode} vnode @param {Hooks} [hooks] @returns {Text | HTMLElement}
 */
export function morph(node, vnode, hooks = {}) {
  if (typeof vnode === 'string') {
    if (!isText(node)) return replace(node, vnode, hooks);
    if (node.data !== vnode) node.data = vnode;
    return node;
  }
  // An element of the same tag and key is one that build() made: an HTMLElement.
  if (!(node instanceof HTMLElement) || !sameKind(node, vnode)) return replace(node, vnode, hooks);
  morphAttrs(node, vnode);
  morphChildren(node, vnode.children ?? [], hooks);
  if (vnode.key != null) hooks.onKeyed?.(node, vnode.key);
  return node;
}

/** @param {ChildNode} node @param {VNode} vnode @param {Hooks} hooks */
function replace(node, vnode, hooks) {
  const fresh = build(vnode, hooks);
  hooks.onDrop?.(node);
  node.replaceWith(fresh);
  return fresh;
}

/** @param {HTMLElement} el @param {VNode[]} children @param {Hooks} hooks */
function morphChildren(el, children, hooks) {
  // Keyed children are found by key wherever they are; unkeyed ones are matched in order.
  const old = [...el.childNodes].filter((n) => !isChrome(n));
  /** @type {Map<string, ChildNode>} */
  const byKey = new Map();
  /** @type {ChildNode[]} */
  const unkeyed = [];
  for (const n of old) {
    const key = keyOf(n);
    if (key != null) byKey.set(key, n);
    else unkeyed.push(n);
  }
  /** @type {Set<ChildNode>} */
  const used = new Set();
  let next = 0;  // the first unkeyed old node not yet considered
  let cursor = el.firstChild;
  const skipChrome = () => { while (cursor && isChrome(cursor)) cursor = cursor.nextSibling; };
  for (const child of children) {
    const key = typeof child === 'string' ? null : child.key ?? null;
    /** @type {ChildNode | null} */
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
