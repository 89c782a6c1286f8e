/**
 * chatkit-core: the chatkit-cpp core (protocol codec, SSE decoder, widget diff, action validation,
 * thread reducer, and the renderer: items, widgets and Markdown → virtual DOM, stream events →
 * DOM patch operations) compiled to WebAssembly. The same C++ runs in the server and in chatkit-cli.
 *
 * Every JSON argument may be given as a value or as JSON text. Every failure throws a
 * {@link ChatKitError}; nothing fails silently.
 */

/** Error-table wire names (see core/errors.hpp). */
export type ErrorCode =
  | 'stream.error' | 'custom' | 'invalid_json' | 'invalid_request' | 'invalid_event' | 'invalid_widget'
  | 'invalid_state' | 'action_refused' | 'not_found' | 'unauthorized' | 'forbidden' | 'method_not_allowed'
  | 'thread_busy' | 'payload_too_large' | 'unsupported_media_type' | 'headers_too_large' | 'request_timeout' | 'too_many_streams' | 'not_implemented' | 'upstream_error'
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

export type Json = null | boolean | number | string | Json[] | JsonObject;
/** A JSON object. A key whose value is `undefined` is left out (as `JSON.stringify` does). */
export type JsonObject = { [key: string]: Json | undefined };
/** A widget tree: a component object with a string `type` (docs/PROTOCOL.md §5). */
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
  config: ActionConfig;
}
export interface ThreadState {
  /** The client view of the thread, once a thread.created / thread.updated was seen. */
  thread?: Thread;
  /** Every item, in display order, in full. */
  items: ThreadItem[];
}
export type Kind =
  | 'request' | 'item' | 'event' | 'thread' | 'item_page' | 'thread_page' | 'attachment'
  | 'sync_action_response' | 'transcription';

// ------------------------------------------------------------------------------------------------
// Protocol values, as the core (and the server) write them: canonical wire form, so a field whose
// value is null is absent (docs/PROTOCOL.md §0.1). What a client only passes on stays `Json`.
// ------------------------------------------------------------------------------------------------

/** docs/PROTOCOL.md §3.2. */
export type ThreadStatus = { type: 'active' } | { type: 'locked' | 'closed'; reason?: string };
/** docs/PROTOCOL.md §3.3: `after` (the last element's id) only when `has_more`. */
export type Page<T> = { data: T[]; has_more: boolean; after?: string };
/** A thread in the client's view (docs/PROTOCOL.md §3.1): `metadata` is always `{}`. */
export type Thread = {
  id: string;
  title?: string;
  created_at: string;
  status: ThreadStatus;
  allowed_image_domains?: string[];
  metadata: JsonObject;
  items: Page<ThreadItem>;
};
type ItemBase = { id: string; thread_id: string; created_at: string };
/** A thread item, by `type` (docs/PROTOCOL.md §3.5). */
export type ThreadItem =
  | (ItemBase & { type: 'user_message'; content: JsonObject[]; attachments: JsonObject[]; quoted_text?: string; inference_options: JsonObject })
  | (ItemBase & { type: 'assistant_message'; content: JsonObject[] })
  | (ItemBase & { type: 'client_tool_call'; status: 'pending' | 'completed'; call_id: string; name: string; arguments: JsonObject; output?: Json })
  | WidgetItem
  | (ItemBase & { type: 'generated_image'; image?: { id: string; url: string } })
  | (ItemBase & { type: 'structured_input'; status: 'pending' | 'answered' | 'skipped'; inputs: JsonObject[] })
  | (ItemBase & { type: 'workflow'; workflow: JsonObject })
  | (ItemBase & { type: 'task'; task: JsonObject })
  | (ItemBase & { type: 'end_of_turn' })
  | (ItemBase & { type: 'hidden_context_item'; content: Json })
  | (ItemBase & { type: 'sdk_hidden_context'; content: string });
export type WidgetItem = ItemBase & { type: 'widget'; widget: Widget; copy_text?: string };
/**
 * An ActionConfig (docs/PROTOCOL.md §5.3), as a widget holds it and as the renderer writes it into
 * `data-ck-action` (with `payload` null when the widget has none).
 */
export type ActionConfig = {
  type: string;
  payload?: Json;
  handler?: 'server' | 'client';
  loadingBehavior?: 'auto' | 'none' | 'self' | 'container';
  streaming?: boolean;
};
/** The events a {@link PatchOp} `event` passes on to the app (docs/PROTOCOL.md §4.1). */
export type AppEvent =
  | { type: 'progress_update'; text: string; icon?: string }
  | { type: 'notice'; level: 'info' | 'warning' | 'danger'; message: string; title?: string }
  | { type: 'error'; code: string; message?: string; allow_retry: boolean }
  | { type: 'client_effect'; name: string; data: JsonObject }
  | { type: 'stream_options'; stream_options: { allow_cancel: boolean } };

// ------------------------------------------------------------------------------------------------
// Rendering: virtual DOM nodes and patch operations
// ------------------------------------------------------------------------------------------------

/** The only tags the renderer emits. */
export type Tag =
  | 'div' | 'span' | 'p' | 'h1' | 'h2' | 'h3' | 'h4' | 'h5' | 'h6' | 'ul' | 'ol' | 'li' | 'a' | 'img'
  | 'button' | 'input' | 'select' | 'option' | 'textarea' | 'label' | 'form' | 'pre' | 'code' | 'strong'
  | 'em' | 'del' | 'blockquote' | 'table' | 'thead' | 'tbody' | 'tr' | 'th' | 'td' | 'hr' | 'br';

/**
 * A rendered element. Build it with `document.createElement(tag)`, `setAttribute` for each attr and
 * `textContent`/`createTextNode` for string children: never `innerHTML`. The renderer has already
 * decided every tag, attribute name and URL, so the result is safe to insert as is.
 *
 * `attrs` names come only from this list: `class`, `style` (built from validated values only:
 * lengths, numbers, `#hex` and named colours, `var(--ck-color-<token>)`), `role`, `aria-*`,
 * `data-ck-*`, `type`, `name`, `value`, `checked`, `disabled`, `placeholder`, `href` (http, https,
 * mailto or relative), `src` (http, https, relative, or `data:image/(png|jpeg|gif|webp);base64`),
 * `alt`, `title`, `for`, `tabindex`, `min`, `max`, `step`, `rows`, `target` (always with
 * `rel="noopener noreferrer"`), `id`, and, extending the first draft of this contract:
 * `rel`, `required`, `pattern`, `selected` (on `option`), `colspan`, `rowspan`, `start` (on `ol`).
 * Boolean attributes (`checked`, `disabled`, `required`, `selected`) are present with value `''`
 * when set and absent otherwise. `id` values always start with `ck-`.
 *
 * `key` (not an attribute: keep it in a Map or as a property):
 * - an item's root node: the item id;
 * - a widget component that has an `id`: `"<itemId>/<componentId>"`;
 * - an assistant message's content part: `"<itemId>#<contentIndex>"`;
 * - a Markdown block inside that part: `"<itemId>#<contentIndex>.<blockIndex>"` (see {@link PatchOp}).
 *
 * Interactive elements carry `data-ck-item` (the item id) and `data-ck-action`: the ActionConfig as
 * JSON text, `{"type","payload","handler","loadingBehavior","streaming"}` (payload may be null). Form
 * controls carry `name` (dotted names nest, docs/PROTOCOL.md §5.4). A `Form` (or a `Card` with `asForm`)
 * renders as `<form data-ck-form="">`; a Form's `onSubmitAction` is its `data-ck-action`. Buttons are
 * `type="button"`, or `type="submit"` when they submit their form; a Card's confirm / cancel buttons
 * carry `data-ck-card-action="confirm" | "cancel"`. Select / DatePicker / Checkbox / RadioGroup
 * inputs with an `onChangeAction` carry it as `data-ck-action` (a RadioGroup: on each radio input).
 * Named controls also carry `id="ck-<itemId>-<name>"`, which a Label's `for` points at; their `value`
 * / `checked` / `selected` attributes (a textarea: its text) are the defaults from the widget.
 * Structured-input options are `<button data-ck-structured-input=itemId data-ck-question=questionId
 * data-ck-value=value>` (disabled once the item is answered or skipped), a freeform question has a
 * `textarea` with the same two attributes while pending. A widget item's root carries
 * `data-ck-copy-text` when the item has `copy_text`; a user message's @-tag carries `data-ck-tag`.
 */
export interface VElement {
  tag: Tag;
  key?: string;
  attrs?: Record<string, string>;
  children?: VNode[];
}
/** A rendered node: a text string, or an element. */
export type VNode = string | VElement;

/**
 * A DOM patch operation. Apply them in order.
 *
 * - `thread`: the thread was created or updated (title, status…).
 * - `insert`: a new node. Without `parent`: an item, placed in the thread's item list right after
 *   the item keyed `after` (`null`: first). With `parent` (an extension of the first draft): a node
 *   placed inside the element keyed `parent`, right after its child keyed `after` (`null`: as
 *   its first child). Used for Markdown blocks of a streaming content part.
 * - `replace`: replace the element keyed `key` (an item, a content part, a Markdown block, or a
 *   widget component) by `node`, in place. Elements that are not replaced keep their DOM nodes,
 *   and so their focus and typed text.
 * - `remove`: remove the element keyed `key` (an item).
 * - `append_text`: append `text` as text at the very end of the element keyed `key` (after its last
 *   child; merging into a trailing text node is equivalent).
 * - `event`: `progress_update`, `notice`, `error`, `client_effect` or `stream_options`, in canonical
 *   form, for the app to show or act on.
 *
 * Streaming assistant text. A content part (`<itemId>#<i>`) holds one child per Markdown block,
 * keyed `<itemId>#<i>.<b>` (b = 0, 1, …), followed by an optional unkeyed sources list. Blocks before
 * the last one are final: a text delta only ever touches the last block and the new ones after it:
 * - `append_text` on the last block when the delta is plain text continuing a plain paragraph
 *   (letters, digits, spaces, non-ASCII and `.,;:?!'"/%@$^`; no newline; the paragraph ends in
 *   text), which makes 10,000 deltas of one paragraph cost 10,000 text appends;
 * - otherwise `replace` of the last block (re-parsed from where it starts), followed by an
 *   `insert` with `parent: "<itemId>#<i>"` for each block that now follows it.
 * A `content_part.added` / `content_part.done` or an annotation replaces the content part;
 * `thread.item.done` / `thread.item.replaced` replace only the parts (or item) that changed.
 *
 * Widgets. `widget.component.updated` becomes a `replace` of `<itemId>/<componentId>` only;
 * `widget.streaming_text.value_delta` an `append_text` on a (non-editable) Text component, or a
 * `replace` of the Markdown component. `widget.root.updated`, `thread.item.done` and
 * `thread.item.replaced` of a widget item compare the old and new trees: the smallest keyed
 * components that changed are replaced, a Text whose value only grew gets `append_text`, and the
 * item is replaced only when the root itself changed (or its `copy_text`). A component whose id
 * occurs more than once in its widget has no key, so a change to it replaces its nearest keyed
 * ancestor (or the item).
 *
 * Other items (workflow, task, generated image, …) are small: their updates replace the item.
 * `event` ops pass the event through: a `notice`'s `message` is Markdown, for renderMarkdown().
 */
export type PatchOp =
  | { op: 'thread'; thread: Thread }
  | { op: 'insert'; key: string; parent?: string; after: string | null; node: VNode }
  | { op: 'replace'; key: string; node: VNode }
  | { op: 'remove'; key: string }
  | { op: 'append_text'; key: string; text: string }
  | { op: 'event'; event: AppEvent };

/**
 * Loads the module. The default is the browser module (chatkit-core.{mjs,wasm}: the thread view,
 * rendering and action validation, kept small for the page). `tools: true` loads the tools module
 * (chatkit-core-tools.{mjs,wasm}, the same plus the methods marked "tools module" below), for node
 * scripts and tests. In node pass `wasmBinary` (the .wasm of the module asked for), e.g.
 * `{ wasmBinary: readFileSync('.../chatkit-core.wasm') }`.
 */
export function loadChatKitCore(options?: { tools?: boolean; wasmBinary?: ArrayBufferView | ArrayBuffer }): Promise<ChatKitCore>;

/**
 * How model-written Markdown may load images (a fetch without a click is a tracking channel).
 * Images load from our own origin (relative URLs), `data:` images, and hosts within
 * `allowedImageDomains` (a thread's `allowed_image_domains`): `example.com` allows example.com and
 * its subdomains. Any other image renders as a link to it with its alt text. A thread view uses its
 * thread's domains by itself.
 */
export interface RenderOptions {
  allowedImageDomains?: string[] | null;
}

/**
 * Methods marked "tools module" throw `not_implemented` in the browser module.
 */
export class ChatKitCore {
  /** (Tools module.) Validates a request body (text) and returns it in canonical form (defaults filled in). */
  parseRequest(body: string | Json): Json;
  /** (Tools module.) Decodes `value` as `kind` and encodes it back: canonical wire form (nulls dropped, defaults emitted). */
  normalize(kind: Kind, value: string | Json): Json;
  /**
   * (Tools module.) The updates that turn `before` into `after`. `fine` (default): component updates and text
   * deltas, exact when applied in order; `reference`: the ChatKit reference server's output.
   */
  diffWidgets(before: string | Widget, after: string | Widget, mode?: 'fine' | 'reference'): WidgetUpdate[];
  /** (Tools module.) Applies one widget update; throws `invalid_event` for an unknown component id. */
  applyWidgetUpdate(widget: string | Widget, update: string | WidgetUpdate): Widget;
  /** (Tools module.) Checks a widget against the component catalogue; `[]` when valid. */
  validateWidget(widget: string | Widget): WidgetIssue[];
  /**
   * Checks that `widget` really offers `action` (type, payload and form values); run it before
   * sending `threads.custom_action`. Throws `action_refused` with the reason otherwise.
   */
  validateAction(widget: string | Widget, action: string | { type: string; payload?: Json }): OfferedAction;
  /**
   * Renders a widget of item `itemId` (the id goes into keys and `data-ck-item`). Unknown
   * component types render as a `div.ck-unknown` around their children; a root that is not a
   * component throws `invalid_widget`.
   */
  renderWidget(widget: string | Widget, itemId: string, options?: RenderOptions): VNode;
  /**
   * Renders one thread item (as `view.render()` would, given its thread's domains in `options`);
   * `null` for hidden items.
   */
  renderItem(item: string | ThreadItem, options?: RenderOptions): VNode | null;
  /**
   * Renders Markdown: raw HTML shows as text, unsafe link and image URLs are dropped, links to
   * another origin (http(s) or `//host`) get `target="_blank"` and `rel="noopener noreferrer"`,
   * images load only as {@link RenderOptions} allows.
   */
  renderMarkdown(text: string, options?: RenderOptions): VNode[];
  /** A client view of one thread, fed with the SSE bytes of its responses. */
  createThreadView(): ThreadView;
}

export class ThreadView {
  /**
   * Feeds response bytes as they arrive (any chunk boundaries). Returns how many events it applied,
   * and queues their patch operations for {@link takePatches}. Throws on a malformed frame or
   * event; the view then holds the events before it.
   */
  feed(bytes: string | Uint8Array): number;
  /** Applies one already-decoded event. */
  applyEvent(event: string | StreamEvent): void;
  /**
   * Shows a stored page in one call (`threads.get_by_id`, `items.list`): `thread.updated` for the
   * thread (null: keep the one the view has) and `thread.item.done` for each item, in order.
   */
  load(thread: Thread | null, items: ThreadItem[] | string): void;
  /** The patch operations of everything fed or applied since the last call, in order. */
  takePatches(): PatchOp[];
  /** Every visible item, rendered, in display order (the nodes the patches keep up to date). */
  render(): VNode[];
  /** The response body ended: throws `invalid_event` if the last event was cut off. */
  finish(): void;
  /**
   * The `id:` of the last event fed (`RUN:SEQ` from chatkit-cpp, docs/PROTOCOL.md §4.7), or "" when
   * none had one: a client that lost its stream resumes the run after it.
   */
  readonly lastEventId: string;
  /** A new response body follows (a reattach): drops what was held of a frame the old one cut off. */
  restartStream(): void;
  /** The current state: thread (when known) and every item. */
  readonly state: ThreadState;
  /** One item by id, or null. */
  item(id: string): ThreadItem | null;
  /** Frees the view's wasm memory. */
  dispose(): void;
}

/*
 * CSS classes the renderer emits (the web app's stylesheet gives them their look).
 *
 * Items: every item root is `div.ck-item.ck-item-<type>` (type with `_` → `-`: `ck-item-user-message`,
 *   `ck-item-assistant-message`, `ck-item-client-tool-call`, `ck-item-widget`, `ck-item-generated-image`,
 *   `ck-item-structured-input`, `ck-item-workflow`, `ck-item-task`, `ck-item-end-of-turn`) with
 *   `data-ck-item`. Inside:
 *   user message: `ck-quoted` (blockquote), `ck-user-content`, `ck-input-text`, `ck-tag`, `ck-attachments`,
 *     `ck-attachment`, `ck-attachment-image`, `ck-attachment-file`;
 *   assistant message: `ck-content` (one per part), Markdown blocks (below), `ck-sources` (ol), `ck-source`;
 *   client tool call: `ck-tool-name`, `ck-tool-status`, `ck-status-pending|completed`;
 *   generated image: `ck-generated-image` (img), `ck-image-pending` (while generating);
 *   structured input: `ck-status-pending|answered|skipped` on the item, `ck-question`, `ck-question-text`,
 *     `ck-question-description`, `ck-options` (with `data-ck-multiple` when several may be chosen), `ck-option`,
 *     `ck-selected`, `ck-freeform` (textarea, while pending), `ck-answer`, `ck-skipped`;
 *   workflow / task: `ck-workflow`, `ck-workflow-custom|reasoning`, `ck-expanded`, `ck-workflow-summary` (with
 *     `data-ck-duration` seconds for a duration summary), `ck-tasks`, `ck-task`,
 *     `ck-task-<custom|web-search|thought|file|image>`, `ck-status-<none|loading|complete>`, `ck-task-title`,
 *     `ck-task-content`, `ck-task-queries`, `ck-task-sources`.
 * Markdown: `ck-md-p`, `ck-md-h1`…`ck-md-h6`, `ck-md-ul`, `ck-md-ol`, `ck-md-li`, `ck-md-quote`, `ck-md-pre`
 *   (with `data-ck-lang`; its `code` child has no class), `ck-md-code` (inline), `ck-md-hr`, `ck-md-link`
 *   (`target="_blank"` for http(s) and `//host`; also an image that may not load), `ck-md-image`, `ck-md-table` (cells `ck-align-left|center|right`);
 *   `strong`, `em`, `del` and `br` carry no class.
 * Widgets: each component is `ck-<kebab-type>`: `ck-card ck-list-view ck-list-view-item ck-basic ck-box
 *   ck-row ck-col ck-form ck-text ck-title ck-caption ck-markdown ck-badge ck-button ck-divider ck-spacer
 *   ck-icon ck-image ck-select ck-date-picker ck-checkbox ck-input ck-textarea ck-label ck-radio-group
 *   ck-radio ck-transition ck-chart ck-table ck-table-row ck-table-cell ck-unknown`; plus
 *   `ck-card-status` (with `ck-status-favicon` img), `ck-card-actions`, `ck-card-confirm`, `ck-card-cancel`,
 *   `ck-button-label`, `ck-checkbox-label`, `ck-radio-label`, `ck-chart-data` (Chart's data table), `ck-editable`
 *   (an editable Text is an `input`). Table rows are `tr.ck-table-row` (`ck-header` for a header row; cells
 *   stay `td.ck-table-cell`). ListView carries `data-ck-limit`; a Spacer is an empty `div`.
 *   Enumerated props become `ck-<prop>-<value>` (kebab-case prop, value as sent when it is
 *   [a-z0-9-]+): `ck-size-md`, `ck-align-center`, `ck-justify-between`, `ck-wrap-wrap`, `ck-direction-row`,
 *   `ck-weight-semibold`, `ck-text-align-end`, `ck-variant-soft`, `ck-style-primary`, `ck-color-danger`
 *   (Badge/Button colours), `ck-icon-size-lg`, `ck-theme-dark`, `ck-fit-cover`, `ck-position-top-left`,
 *   `ck-radius-md`, `ck-gutter-size-sm`, `ck-side-top`, `ck-status-<...>`; boolean props become
 *   `ck-<prop>` when true: `ck-pill ck-block ck-uniform ck-flush ck-frame ck-italic ck-line-through
 *   ck-truncate ck-collapsed ck-streaming ck-header`.
 *   Icons: `span.ck-icon` with `data-ck-icon="<name>"` (Appendix A names, `vendor:` and `lucide:` names).
 *   Dimensions, spacing, flex, aspect ratio, borders, colours and backgrounds go into `style`: numbers of
 *   width/height/min/max are px; gap/padding/margin numbers are `calc(var(--ck-spacing) * n)` (define
 *   `--ck-spacing`); colour tokens are `var(--ck-color-<token>)` (e.g. `--ck-color-secondary`,
 *   `--ck-color-surface`, `--ck-color-red-100`); `maxLines` / `minLines` are `--ck-max-lines` / `--ck-min-lines`.
 */
