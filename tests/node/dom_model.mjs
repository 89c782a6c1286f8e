// Test support: a model of the page's DOM that applies PatchOps by key exactly as chatkit.d.ts
// describes them (throwing on a key it cannot find), an HTML serialisation of VNodes for readable
// expectations (the same as the C++ suite's), and the safety walk of the .d.ts allowlists.

const escape = (text) => text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]);
const VOID = new Set(['img', 'input', 'hr', 'br']);

/** <tag attr="…">children</tag>, keys left out. */
export function toHtml(node) {
  if (Array.isArray(node)) return node.map(toHtml).join('');
  if (typeof node === 'string') return escape(node);
  const attrs = Object.entries(node.attrs ?? {}).map(([name, value]) => ` ${name}="${escape(value)}"`).join('');
  const open = `<${node.tag}${attrs}>${toHtml(node.children ?? [])}`;
  return VOID.has(node.tag) ? open : `${open}</${node.tag}>`;
}

export const TAGS = new Set(('div span p h1 h2 h3 h4 h5 h6 ul ol li a img button input select option textarea label form ' +
  'pre code strong em del blockquote table thead tbody tr th td hr br').split(' '));
const ATTRS = new Set(('class style role type name value checked disabled placeholder href src alt title for tabindex min max ' +
  'step rows target id rel required pattern selected colspan rowspan start').split(' '));

const safeUrl = (url, image) => {
  if (/[\u0000-\u001f\u007f\\]/.test(url) || url !== url.trim()) return false;
  const scheme = /^([^:/?#]*):/.exec(url)?.[1]?.toLowerCase();
  if (scheme === undefined) return true;
  if (scheme === 'http' || scheme === 'https') return true;
  if (!image) return scheme === 'mailto';
  return /^data:image\/(png|jpeg|gif|webp);base64,[a-z0-9+/=]+$/i.test(url);
};

/** The first way `node` could be unsafe in a page, or ''. */
export function safetyViolation(node) {
  if (Array.isArray(node)) return node.map(safetyViolation).find((v) => v) ?? '';
  if (typeof node === 'string') return '';
  if (!TAGS.has(node.tag)) return `tag ${node.tag}`;
  for (const [name, value] of Object.entries(node.attrs ?? {})) {
    if (typeof value !== 'string') return `attribute ${name} is not text`;
    if (!ATTRS.has(name) && !/^(aria|data-ck)-[a-z0-9-]+$/.test(name)) return `attribute ${name}`;
    if (name === 'href' && !safeUrl(value, false)) return `href ${value}`;
    if (name === 'src' && !safeUrl(value, true)) return `src ${value}`;
    if (name === 'target' && node.attrs.rel !== 'noopener noreferrer') return 'target without rel';
    if (name === 'id' && !value.startsWith('ck-')) return `id ${value}`;
    if (name === 'style' && /url|expression|["'\\]/.test(value)) return `style ${value}`;
  }
  return safetyViolation(node.children ?? []);
}

export const elementCount = (node) =>
  Array.isArray(node) ? node.reduce((n, child) => n + elementCount(child), 0)
    : typeof node === 'string' ? 0 : 1 + elementCount(node.children ?? []);

/** Applies patch operations to a list of item nodes, as the web app does to the DOM. */
export class DomModel {
  constructor(items = []) {
    this.items = items;
    this.thread = null;
    this.events = [];
  }

  #find(key, list = this.items) {
    for (let i = 0; i < list.length; i += 1) {
      const node = list[i];
      if (typeof node === 'string') continue;
      if (node.key === key) return { list, index: i };
      const found = this.#find(key, node.children ?? []);
      if (found) return found;
    }
    return null;
  }

  #mustFind(key, op) {
    const found = this.#find(key);
    if (!found) throw new Error(`${op}: nothing keyed ${key}`);
    return found;
  }

  apply(op) {
    switch (op.op) {
      case 'thread': this.thread = op.thread; return;
      case 'event': this.events.push(op.event); return;
      case 'insert': {
        let list = this.items;
        if (op.parent !== undefined) {
          const { list: siblings, index } = this.#mustFind(op.parent, 'insert');
          siblings[index].children ??= [];
          list = siblings[index].children;
        }
        const at = op.after === null ? 0 : list.findIndex((n) => typeof n !== 'string' && n.key === op.after) + 1;
        if (at === 0 && op.after !== null) throw new Error(`insert: no sibling keyed ${op.after}`);
        list.splice(at, 0, op.node);
        return;
      }
      case 'replace': { const { list, index } = this.#mustFind(op.key, 'replace'); list[index] = op.node; return; }
      case 'remove': { const { list, index } = this.#mustFind(op.key, 'remove'); list.splice(index, 1); return; }
      case 'append_text': {
        const { list, index } = this.#mustFind(op.key, 'append_text');
        const children = (list[index].children ??= []);
        if (typeof children.at(-1) === 'string') children[children.length - 1] += op.text;
        else children.push(op.text);
        return;
      }
      default: throw new Error(`unknown op ${op.op}`);
    }
  }

  applyAll(ops) {
    for (const op of ops) this.apply(op);
  }

  /** A key two elements share, or ''. */
  duplicateKey() {
    const seen = new Set();
    const walk = (list) => {
      for (const node of list) {
        if (typeof node === 'string') continue;
        if (node.key !== undefined) {
          if (seen.has(node.key)) return node.key;
          seen.add(node.key);
        }
        const found = walk(node.children ?? []);
        if (found) return found;
      }
      return '';
    };
    return walk(this.items);
  }
}

/**
 * `html` with each tag's attributes in name order: VNode attrs arrive as JSON objects, whose key
 * order is the core's JSON (sorted), while the shared fixtures list them in the renderer's order.
 */
export const sortAttributes = (html) =>
  html.replace(/<([a-z0-9]+)((?: [a-z-]+="[^"]*")+)>/g, (_, tag, attrs) =>
    `<${tag}${attrs.match(/ [a-z-]+="[^"]*"/g).sort().join('')}>`);
