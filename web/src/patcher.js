// Applies the thread view's patch operations to the message list: one small function per op behind
// one dispatcher, every keyed element found through one Map (no selector queries per op).
import { build, isElement, isText, morph, KEY_ATTR } from './vdom.js';

/** @import { AppEvent, PatchOp, Thread, VNode } from './chatkit.d.ts' */
/** @typedef {Extract<PatchOp, { op: K }>} Op @template {PatchOp['op']} K */

export class Patcher {
  /**
   * @param {Element} list the element whose children are the item roots
   * @param {{ onThread?: (thread: Thread) => void, onEvent?: (event: AppEvent) => void, onItem?: (el: Element, key: string) => void }} [handlers]
   *   onItem runs for an item root after it was inserted or replaced (the app adds its item tools).
   */
  constructor(list, handlers = {}) {
    this.list = list;
    this.handlers = handlers;
    /** @type {Map<string, Element>} */
    this.index = new Map();
    /** @type {import('./vdom.js').Hooks} */
    this.hooks = {
      onKeyed: (el, key) => this.index.set(key, el),
      onDrop: (node) => this.#forget(node),
    };
  }

  /**
   * Applies the operations in order; an op on an unknown key is reported and skipped.
   * @param {PatchOp[]} ops
   */
  apply(ops) {
    for (const op of ops) {
      switch (op.op) {
        case 'insert': this.#insert(op); break;
        case 'replace': this.#replace(op); break;
        case 'remove': this.#remove(op); break;
        case 'append_text': this.#appendText(op); break;
        case 'thread': this.handlers.onThread?.(op.thread); break;
        case 'event': this.handlers.onEvent?.(op.event); break;
        default: console.warn('chatkit: unknown patch op', /** @type {{ op: unknown }} */ (op).op);
      }
    }
  }

  /**
   * The element rendered for `key`, if any.
   * @param {string} key
   */
  get(key) {
    const el = this.index.get(key);
    return el && el.isConnected ? el : undefined;
  }

  /** Removes every item and forgets every key. */
  clear() {
    this.list.replaceChildren();
    this.index.clear();
  }

  /**
   * Puts rendered item roots before the first item (older history pages).
   * @param {VNode[]} vnodes
   */
  prepend(vnodes) {
    const nodes = vnodes.map((v) => build(v, this.hooks));
    this.list.prepend(...nodes);
    for (const [i, node] of nodes.entries()) this.#decorate(node, vnodes[i]);
  }

  /** @param {Op<'insert'>} op */
  #insert({ key, parent, after, node: vnode }) {
    if (this.get(key)) return this.#replace({ key, node: vnode });
    // Without parent: an item in the list; with parent: a block inside a keyed element.
    const container = parent == null ? this.list : this.get(parent);
    if (!container) return this.#missing('insert into', parent);
    const anchor = after == null ? null : this.get(after);
    const node = build(vnode, this.hooks);
    if (anchor && anchor.parentNode === container) anchor.after(node);
    else if (after == null) container.prepend(node);
    else {
      this.#missing('insert after', after);  // keep the content visible: at the end
      container.append(node);
    }
    this.#decorate(node, vnode);
  }

  /** @param {Pick<Op<'replace'>, 'key' | 'node'>} op */
  #replace({ key, node: vnode }) {
    const old = this.get(key);
    if (!old) return this.#missing('replace', key);
    const node = morph(old, vnode, this.hooks);
    this.#decorate(node, vnode);
  }

  /** @param {Op<'remove'>} op */
  #remove({ key }) {
    const old = this.get(key);
    if (!old) return this.#missing('remove', key);
    this.#forget(old);
    old.remove();
  }

  /** @param {Op<'append_text'>} op */
  #appendText({ key, text }) {
    const el = this.get(key);
    if (!el) return this.#missing('append_text', key);
    const last = el.lastChild;
    if (last && isText(last)) last.appendData(text);
    else el.appendChild(document.createTextNode(text));
  }

  /** @param {Node} node @param {VNode} vnode */
  #decorate(node, vnode) {
    // Only item roots (keys without a component or content suffix) get the app's item tools.
    if (isElement(node) && typeof vnode === 'object' && vnode.key && !/[/#]/.test(vnode.key)) {
      this.handlers.onItem?.(node, vnode.key);
    }
  }

  /** @param {Node} node */
  #forget(node) {
    if (!isElement(node)) return;
    /** @param {Element} el */
    const drop = (el) => {
      const key = el.getAttribute(KEY_ATTR);
      if (key != null && this.index.get(key) === el) this.index.delete(key);
    };
    if (node.hasAttribute(KEY_ATTR)) drop(node);
    for (const el of node.querySelectorAll(`[${KEY_ATTR}]`)) drop(el);
  }

  /** @param {string} op @param {string | null | undefined} key */
  #missing(op, key) {
    console.warn(`chatkit: ${op} of unknown key`, key);
  }
}
