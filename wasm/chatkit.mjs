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

/** Loads the wasm module. In node, pass `{ wasmBinary }` (node 20's fetch cannot read files). */
export async function loadChatKitCore(options = {}) {
  return new ChatKitCore(await createChatKitCore(options));
}

export class ChatKitCore {
  #module;

  constructor(module) {
    this.#module = module;
  }

  parseRequest(body) {
    return unwrap(this.#module._parseRequest(text(body)));
  }

  normalize(kind, value) {
    return unwrap(this.#module._normalize(kind, text(value)));
  }

  diffWidgets(before, after, mode = 'fine') {
    return unwrap(this.#module._diffWidgets(text(before), text(after), mode));
  }

  applyWidgetUpdate(widget, update) {
    return unwrap(this.#module._applyWidgetUpdate(text(widget), text(update)));
  }

  validateWidget(widget) {
    return unwrap(this.#module._validateWidget(text(widget)));
  }

  validateAction(widget, action) {
    return unwrap(this.#module._validateAction(text(widget), text(action)));
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
