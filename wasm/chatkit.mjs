// The ergonomic JavaScript API over the chatkit-core wasm module. The raw embind functions
// (`_`-prefixed) exchange JSON text and return an envelope; this module parses it, returning the
// value or throwing a ChatKitError. Types and documentation: chatkit.d.ts; the raw interface it
// calls: chatkit-core.d.mts.
import createChatKitCore from './chatkit-core.mjs';

/** @import * as Api from './chatkit.d.ts' */
/** @import { ChatKitCoreModule, CreateOptions, EnvelopeError, EnvelopeText, RawThreadView, StringArg } from './chatkit-core.d.mts' */
/** @import { ToolFunctions } from './chatkit-core-tools.d.mts' */
/** @typedef {ChatKitCoreModule & Partial<ToolFunctions>} Module the browser module, or the tools module */

/** An error reported by the core: `code` is the wire name from the error table, `path` the JSON path. */
export class ChatKitError extends Error {
  /** @param {Omit<EnvelopeError, 'path'> & { path?: string }} error */
  constructor({ code, message, path }) {
    super(path ? `${code}: ${message} (at ${path})` : `${code}: ${message}`);
    this.name = 'ChatKitError';
    this.code = code;
    this.reason = message;
    this.path = path ?? '';
  }
}

// JSON text crosses as a string, or as raw bytes (Uint8Array) exactly as a response body arrives.
/** @type {(value: string | Uint8Array | ArrayBuffer | Api.Json) => StringArg} */
const text = (value) =>
  typeof value === 'string' || value instanceof Uint8Array || value instanceof ArrayBuffer ? value : JSON.stringify(value);

/**
 * @template T
 * @param {EnvelopeText<T>} envelopeText
 * @returns {T}
 */
function unwrap(envelopeText) {
  /** @type {import('./chatkit-core.d.mts').Envelope<T>} */
  const envelope = JSON.parse(envelopeText);
  if (envelope.error) throw new ChatKitError(envelope.error);
  return envelope.value;
}

/**
 * Loads the wasm module: the browser module, or with `{ tools: true }` the tools module
 * (chatkit-core-tools, which adds request parsing, normalize and the widget diff / apply /
 * validation). In node, pass `{ wasmBinary }` of the matching .wasm (node 20's fetch cannot read files).
 * @param {{ tools?: boolean } & Pick<CreateOptions, 'wasmBinary'>} [options]
 * @returns {Promise<ChatKitCore>}
 */
export async function loadChatKitCore({ tools = false, ...options } = {}) {
  const create = tools ? (await import('./chatkit-core-tools.mjs')).default : createChatKitCore;
  return new ChatKitCore(await create(options));
}

/** @implements {Api.ChatKitCore} */
export class ChatKitCore {
  /** @type {Module} */
  #module;

  /** @param {Module} module */
  constructor(module) {
    this.#module = module;
  }

  // A function of the tools module only: refused, with the way to get it, in the browser module.
  /**
   * @template {keyof ToolFunctions} K
   * @param {K} name
   * @returns {ToolFunctions[K]}
   */
  #tool(name) {
    /** @type {Partial<ToolFunctions>} */
    const tools = this.#module;
    const raw = tools[name];
    if (!raw) {
      throw new ChatKitError({ code: 'not_implemented', message: `${name.slice(1)} is in the tools module: loadChatKitCore({ tools: true })` });
    }
    return raw;
  }

  /** @param {string | Api.Json} body */
  parseRequest(body) {
    return unwrap(this.#tool('_parseRequest')(text(body)));
  }

  /** @param {Api.Kind} kind @param {string | Api.Json} value */
  normalize(kind, value) {
    return unwrap(this.#tool('_normalize')(kind, text(value)));
  }

  /** @param {string | Api.Widget} before @param {string | Api.Widget} after @param {'fine' | 'reference'} [mode] */
  diffWidgets(before, after, mode = 'fine') {
    return unwrap(this.#tool('_diffWidgets')(text(before), text(after), mode));
  }

  /** @param {string | Api.Widget} widget @param {string | Api.WidgetUpdate} update */
  applyWidgetUpdate(widget, update) {
    return unwrap(this.#tool('_applyWidgetUpdate')(text(widget), text(update)));
  }

  /** @param {string | Api.Widget} widget */
  validateWidget(widget) {
    return unwrap(this.#tool('_validateWidget')(text(widget)));
  }

  /** @param {string | Api.Widget} widget @param {string | { type: string, payload?: Api.Json }} action */
  validateAction(widget, action) {
    return unwrap(this.#module._validateAction(text(widget), text(action)));
  }

  /** @param {string | Api.Widget} widget @param {string} itemId @param {Api.RenderOptions} [options] */
  renderWidget(widget, itemId, options = {}) {
    return unwrap(this.#module._renderWidget(text(widget), itemId, JSON.stringify(options)));
  }

  /** @param {string | Api.ThreadItem} item @param {Api.RenderOptions} [options] */
  renderItem(item, options = {}) {
    return unwrap(this.#module._renderItem(text(item), JSON.stringify(options)));
  }

  /** @param {string} markdown @param {Api.RenderOptions} [options] */
  renderMarkdown(markdown, options = {}) {
    return unwrap(this.#module._renderMarkdown(markdown, JSON.stringify(options)));
  }

  /** @returns {ThreadView} */
  createThreadView() {
    return new ThreadView(new this.#module._ThreadView());
  }
}

/** @implements {Api.ThreadView} */
export class ThreadView {
  /** @type {RawThreadView | null} null once disposed */
  #raw;

  /** @param {RawThreadView} raw */
  constructor(raw) {
    this.#raw = raw;
  }

  // The C++ object, or a clear error for a view used after dispose() (rather than a TypeError).
  #live() {
    if (!this.#raw) throw new ChatKitError({ code: 'invalid_state', message: 'the thread view was disposed' });
    return this.#raw;
  }

  /** @param {string | Uint8Array} bytes */
  feed(bytes) {
    return unwrap(this.#live()._feed(bytes));
  }

  /** @param {string | Api.StreamEvent} event */
  applyEvent(event) {
    unwrap(this.#live()._applyEvent(text(event)));
  }

  /** @param {Api.Thread | null} thread @param {Api.ThreadItem[] | string} items */
  load(thread, items) {
    unwrap(this.#live()._load(text(thread), text(items)));
  }

  finish() {
    unwrap(this.#live()._finish());
  }

  get lastEventId() {
    return this.#live()._lastEventId();
  }

  restartStream() {
    this.#live()._restartStream();
  }

  takePatches() {
    return unwrap(this.#live()._takePatches());
  }

  render() {
    return unwrap(this.#live()._render());
  }

  get state() {
    return unwrap(this.#live()._state());
  }

  /** @param {string} id */
  item(id) {
    return unwrap(this.#live()._item(id));
  }

  /** Frees the wasm memory of this view; the view is unusable afterwards. A second call does nothing. */
  dispose() {
    this.#raw?.delete();
    this.#raw = null;
  }
}
