/**
 * chatkit-core: the chatkit-cpp core (protocol codec, SSE decoder, widget diff, action validation,
 * thread reducer) compiled to WebAssembly. The same C++ runs in the server and in chatkit-cli.
 *
 * Every JSON argument may be given as a value or as JSON text. Every failure throws a
 * {@link ChatKitError}; nothing fails silently.
 */

/** Error-table wire names (see core/errors.hpp). */
export type ErrorCode =
  | 'stream.error' | 'custom' | 'invalid_json' | 'invalid_request' | 'invalid_event' | 'invalid_widget'
  | 'invalid_state' | 'action_refused' | 'not_found' | 'unauthorized' | 'forbidden' | 'method_not_allowed'
  | 'payload_too_large' | 'headers_too_large' | 'request_timeout' | 'too_many_streams' | 'not_implemented' | 'upstream_error'
  | 'internal';

/** An error reported by the core. */
export class ChatKitError extends Error {
  /** The error table's wire name, e.g. `invalid_request`. */
  readonly code: ErrorCode;
  /** The reason, without code and path. */
  readonly reason: string;
  /** JSON path of the offending value (`$.params.thread_id`), or `''`. */
  readonly path: string;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** A widget tree: a component object with a string `type` (PROTOCOL.md §5). */
export type Widget = { type: string; [prop: string]: Json };
/** `widget.streaming_text.value_delta`, `widget.root.updated` or `widget.component.updated`. */
export type WidgetUpdate = { type: string; [field: string]: Json };
export type StreamEvent = { type: string; [field: string]: Json };
export interface WidgetIssue {
  /** JSON path of the problem inside the widget. */
  path: string;
  message: string;
}
export interface OfferedAction {
  /** JSON path of the ActionConfig in the widget that offered the action. */
  path: string;
  /** That ActionConfig, as the widget holds it. */
  config: Json;
}
export interface ThreadState {
  /** The client view of the thread, once a thread.created / thread.updated was seen. */
  thread?: Json;
  /** Every item, in display order, in full. */
  items: Json[];
}
export type Kind =
  | 'request' | 'item' | 'event' | 'thread' | 'item_page' | 'thread_page' | 'attachment'
  | 'sync_action_response' | 'transcription';

/** Loads the module. In node pass `{ wasmBinary: readFileSync('.../chatkit-core.wasm') }`. */
export function loadChatKitCore(options?: { wasmBinary?: ArrayBufferView | ArrayBuffer }): Promise<ChatKitCore>;

export class ChatKitCore {
  /** Validates a request body (text) and returns it in canonical form (defaults filled in). */
  parseRequest(body: string | Json): Json;
  /** Decodes `value` as `kind` and encodes it back: canonical wire form (nulls dropped, defaults emitted). */
  normalize(kind: Kind, value: string | Json): Json;
  /**
   * The updates that turn `before` into `after`. `fine` (default): component updates and text
   * deltas, exact when applied in order; `reference`: the ChatKit reference server's output.
   */
  diffWidgets(before: string | Widget, after: string | Widget, mode?: 'fine' | 'reference'): WidgetUpdate[];
  /** Applies one widget update; throws `invalid_event` for an unknown component id. */
  applyWidgetUpdate(widget: string | Widget, update: string | WidgetUpdate): Widget;
  /** Checks a widget against the component catalogue; `[]` when valid. */
  validateWidget(widget: string | Widget): WidgetIssue[];
  /**
   * Checks that `widget` really offers `action` (type, payload and form values); run it before
   * sending `threads.custom_action`. Throws `action_refused` with the reason otherwise.
   */
  validateAction(widget: string | Widget, action: string | { type: string; payload?: Json }): OfferedAction;
  /** A client view of one thread, fed with the SSE bytes of its responses. */
  createThreadView(): ThreadView;
}

export class ThreadView {
  /**
   * Feeds response bytes as they arrive (any chunk boundaries). Returns the events applied, in
   * order. Throws on a malformed frame or event; the view then holds the events before it.
   */
  feed(bytes: string | Uint8Array): StreamEvent[];
  /** Applies one already-decoded event; returns it in canonical form. */
  applyEvent(event: string | StreamEvent): StreamEvent;
  /** The response body ended: throws `invalid_event` if the last event was cut off. */
  finish(): void;
  /** The current state: thread (when known) and every item. */
  readonly state: ThreadState;
  /** One item by id, or null. */
  item(id: string): Json | null;
  /** Frees the view's wasm memory. */
  dispose(): void;
}
