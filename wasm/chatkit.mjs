// The ergonomic JavaScript API over the chatkit-core wasm module. The raw embind functions
// (`_`-prefixed) exchange JSON text and return an envelope; this module parses it, returning the
// value or throwing a ChatKitError. Types and documentation: chatkit.d.ts.
import createChatKitCore from './chatkit-core.mjs';

/** An error reported by the core: `code` is the wire name from the error table, `path` the JSON path. */
export class ChatKitError extends Error {
  constructor({ code, message, path }) {
    super(path ? `${code}: ${message} (at ${path})` : `${code}: ${message}`);
    this.name = 'ChatKitError';
    this.code = code;
    this.reason = message;
    this.path = path ?? '';
  }
}

// JSON text crosses as a string, or as raw bytes (Uint8Array) exactly as a response body arrives.
const text = (value) =>
  typeof value === 'string' || value instanceof Uint8Array || value instanceof ArrayBuffer ? value : JSON.stringify(value);

function unwrap(envelopeText) {
  const envelope = JSON.parse(envelopeText);
  if (envelope.error) throw new ChatKitError(envelope.error);
  return envelope.value;
}

/**
 * Loads the wasm module: the browser module, or with `{ tools: true }` the tools module
 * (chatkit-core-tools, which adds request parsing, normalize and the widget diff / apply /
 * validation). In node, pass `{ wasmBinary }` of the matching .wasm (node 20's fetch cannot read files).
 */
export async function loadChatKitCore({ tools = false, ...options } = {}) {
  const create = tools ? (await import('./chatkit-core-tools.mjs')).default : createChatKitCore;
  return new ChatKitCore(await create(options));
}

export class ChatKitCore {
  #module;

  constructor(module) {
    this.#module = module;
  }

  // A function of the tools module only: refused, with the way to get it, in the browser module.
  #tool(name) {
    const raw = this.#module[`_${name}`];
    if (!raw) {
      throw new ChatKitError({ code: 'not_implemented', message: `${name} is in the tools module: loadChatKitCore({ tools: true })` });
    }
    return raw;
  }

  parseRequest(body) {
    return unwrap(this.#tool('parseRequest')(text(body)));
  }

  normalize(kind, value) {
    return unwrap(this.#tool('normalize')(kind, text(value)));
  }

  diffWidgets(before, after, mode = 'fine') {
    return unwrap(this.#tool('diffWidgets')(text(before), text(after), mode));
  }

  applyWidgetUpdate(widget, update) {
    return unwrap(this.#tool('applyWidgetUpdate')(text(widget), text(update)));
  }

  validateWidget(widget) {
    return unwrap(this.#tool('validateWidget')(text(widget)));
  }

  validateAction(widget, action) {
    return unwrap(this.#module._validateAction(text(widget), text(action)));
  }

  renderWidget(widget, itemId, options = {}) {
    return unwrap(this.#module._renderWidget(text(widget), itemId, JSON.stringify(options)));
  }

  renderItem(item, options = {}) {
    return unwrap(this.#module._renderItem(text(item), JSON.stringify(options)));
  }

  renderMarkdown(markdown, options = {}) {
    return unwrap(this.#module._renderMarkdown(markdown, JSON.stringify(options)));
  }

  createThreadView() {
    return new ThreadView(new this.#module._ThreadView());
  }
}

export class ThreadView {
  #raw;

  constructor(raw) {
    this.#raw = raw;
  }

  feed(bytes) {
    return unwrap(this.#raw._feed(bytes));
  }

  applyEvent(event) {
    return unwrap(this.#raw._applyEvent(text(event)));
  }

  finish() {
    unwrap(this.#raw._finish());
  }

  takePatches() {
    return unwrap(this.#raw._takePatches());
  }

  render() {
    return unwrap(this.#raw._render());
  }

  get state() {
    return unwrap(this.#raw._state());
  }

  item(id) {
    return unwrap(this.#raw._item(id));
  }

  /** Frees the wasm memory of this view; the view is unusable afterwards. */
  dispose() {
    this.#raw.delete();
    this.#raw = null;
  }
}
