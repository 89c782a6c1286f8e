// One open chat: its history (items.list, oldest at the top, older pages on demand), the running
// response (fed byte by byte to the wasm thread view), stop, retry, widget actions and feedback.
import { ApiError, isAbortError } from './api.js';
import { ChatKitError } from './chatkit.mjs';
import { Patcher } from './patcher.js';
import { pumpStream } from './stream_pump.js';
import { resolveLoading, showLoading } from './loading.js';
import { addItemTools } from './item_tools.js';

/** @import { ChatKitApi, StreamRequests } from './api.js' */
/** @import { ChatKitCore, ThreadView } from './chatkit.mjs' */
/** @import { AppEvent, PatchOp, Thread, ThreadItem } from './chatkit.d.ts' */
/** @import { Composer } from './composer.js' */
/** @import { StatusArea } from './status_area.js' */
/** @import { WidgetAction } from './widget_actions.js' */
/** @typedef {'done' | 'stopped' | 'failed' | 'unsent' | 'busy'} Outcome */

const PAGE_SIZE = 30;

/**
 * A user's words for what failed: a request (the error table of docs/PROTOCOL.md §1.5), or anything else thrown.
 * @param {unknown} error
 */
function describe(error) {
  if (error instanceof ApiError) return error.code === 'network' ? 'The server cannot be reached.' : error.message || error.code;
  return (error instanceof Error && error.message) || String(error);
}

/**
 * A user's words for an error event (docs/PROTOCOL.md §1.5a).
 * @param {Extract<AppEvent, { type: 'error' }>} event
 */
function describeEvent(event) {
  return event.message || (event.code === 'stream.error' ? 'The answer could not be completed.' : 'Something went wrong.');
}

export class Conversation {
  /**
   * @param {{ core: ChatKitCore, api: ChatKitApi, list: Element, status: StatusArea, composer: Composer,
   *           onThread: (thread: Thread, created: boolean) => void }} deps
   */
  constructor({ core, api, list, status, composer, onThread }) {
    this.core = core;
    this.api = api;
    this.list = list;
    this.status = status;
    this.composer = composer;
    this.onThread = onThread;
    this.view = core.createThreadView();
    /** @type {string | null} */
    this.threadId = null;
    /** @type {string | null} items.list cursor of the next older page, or null */
    this.older = null;
    /** @type {AbortController | null} of the streaming request */
    this.running = null;
    /** @type {ThreadView | null} the view that request feeds */
    this.runningView = null;
    this.generation = 0;      // bumps on every open/reset: late answers of older loads are dropped
    this.patcher = new Patcher(list, {
      onThread: (thread) => this.#thread(thread),
      onEvent: (event) => this.#event(event),
      onItem: (el, key) => addItemTools(el, key, { feedback: (id, kind) => this.feedback(id, kind) }),
    });
  }

  get streaming() {
    return this.running !== null;
  }

  /** Empties the pane for a new chat; the thread is created by the first message. */
  reset() {
    this.stop();
    this.generation++;
    this.#freshView();
    this.threadId = null;
    this.older = null;
    this.status.clear();
    this.composer.setLocked(null);
  }

  /**
   * Shows a stored thread: its metadata and newest page of items. Throws ApiError (not_found…).
   * @param {string} threadId
   */
  async open(threadId) {
    this.reset();
    const generation = this.generation;
    // Until the thread is known, a message would start a new chat instead: hold the composer.
    this.composer.setLocked('Loading…');
    let thread;
    let page;
    try {
      [thread, page] = await Promise.all([
        this.api.request('threads.get_by_id', { thread_id: threadId }),
        this.api.request('items.list', { thread_id: threadId, order: 'desc', limit: PAGE_SIZE }),
      ]);
    } finally {
      if (generation === this.generation) this.composer.setLocked(null);
    }
    if (generation !== this.generation) return;
    this.threadId = threadId;
    this.#load(thread, page.data.reverse());
    this.older = page.has_more ? page.after ?? null : null;
  }

  /** Loads the next older page above the first item. Returns false when there is none. */
  async loadOlder() {
    if (!this.older || !this.threadId || this.streaming) return false;
    const generation = this.generation;
    const page = await this.api.request('items.list', { thread_id: this.threadId, order: 'desc', limit: PAGE_SIZE, after: this.older });
    if (generation !== this.generation || this.streaming) return false;
    const older = page.data.reverse();
    // The view must know every shown item, so that later events about an old widget apply.
    const { thread, items } = this.view.state;
    this.#load(thread, [...older, ...items], { render: false });
    // Rendered as the view would: images load only from the thread's allowed domains.
    const options = { allowedImageDomains: thread?.allowed_image_domains };
    this.patcher.prepend(older.map((item) => this.core.renderItem(item, options)).filter((node) => node !== null));
    this.older = page.has_more ? page.after ?? null : null;
    return true;
  }

  /**
   * Sends the composer's text; false when a response is still running.
   * @param {string} text
   */
  send(text) {
    if (this.streaming) return false;
    /** @type {StreamRequests['threads.create']['input']} */
    const input = { content: [{ type: 'input_text', text }], attachments: [], inference_options: {} };
    const request = this.threadId
      ? this.#run('threads.add_user_message', { thread_id: this.threadId, input })
      : this.#run('threads.create', { input });
    request.then((outcome) => {
      // Nothing reached the server: give the words back rather than lose them.
      if (outcome === 'unsent' && !this.composer.input.value) this.composer.input.value = text;
    });
    return true;
  }

  /** Stops the running response: the server keeps the partial answer (docs/PROTOCOL.md §4.5). */
  stop() {
    this.running?.abort();
  }

  /** Answers the last user message again (after an error), dropping what followed it. */
  async retry() {
    if (this.streaming || !this.threadId) return;
    const items = this.view.state.items;
    const last = items.findLastIndex((item) => item.type === 'user_message');
    if (last < 0) return;
    // The server deletes the later items without removal events (docs/PROTOCOL.md §2.5): mirror it.
    for (const item of items.slice(last + 1)) this.view.applyEvent({ type: 'thread.item.removed', item_id: item.id });
    this.patcher.apply(this.view.takePatches());
    await this.#run('threads.retry_after_item', { thread_id: this.threadId, item_id: items[last].id });
  }

  /**
   * items.feedback for one item.
   * @param {string} itemId @param {'positive' | 'negative'} kind
   */
  async feedback(itemId, kind) {
    try {
      if (!this.threadId) throw new Error('No chat is open.');  // (the UI offers feedback only inside one)
      await this.api.request('items.feedback', { thread_id: this.threadId, item_ids: [itemId], kind });
    } catch (error) {
      this.status.error(describe(error));
      throw error;
    }
  }

  /**
   * Runs a widget action (see widget_actions.js): validated by the core, then sent.
   * @param {WidgetAction} action
   */
  async runAction({ itemId, config, payload, origin, trigger }) {
    if (config.handler === 'client') {
      console.info('chatkit: client-handled widget action (no client handler is registered)', config.type, payload);
      return;
    }
    const threadId = this.threadId;
    const item = this.view.item(itemId);
    if (!threadId || item?.type !== 'widget') {
      this.status.error('This action is not available: its widget is no longer shown.');
      return;
    }
    const action = { type: config.type, payload };
    try {
      this.core.validateAction(item.widget, action);
    } catch (error) {
      this.status.error(`This action is not available: ${error instanceof ChatKitError ? error.reason : describe(error)}`);
      return;
    }
    const mode = resolveLoading(config.loadingBehavior, { trigger });
    const target = mode === 'container' ? this.patcher.get(itemId) : origin;
    const done = showLoading(mode, target, (key) => this.patcher.get(key));
    try {
      if (config.streaming === false) await this.#syncAction(threadId, itemId, action);
      else if ((await this.#run('threads.custom_action', { thread_id: threadId, item_id: itemId, action })) === 'busy') {
        if (origin instanceof HTMLInputElement && origin.type === 'checkbox') origin.checked = !origin.checked;  // not sent: show the truth
        this.status.notice({ level: 'info', message: 'Wait for the answer to finish, then try again.' });
      }
    } finally {
      done();
    }
  }

  /**
   * Answers a structured-input question with one option (docs/PROTOCOL.md §2.4).
   * @param {string} itemId @param {string} questionId @param {string} value
   */
  async answer(itemId, questionId, value) {
    const item = this.view.item(itemId);
    if (!this.threadId || item?.type !== 'structured_input' || item.status !== 'pending') return;
    const answers = { [questionId]: { values: [value], skipped: false } };
    await this.#run('threads.add_structured_input', { thread_id: this.threadId, item_id: itemId, input: { status: 'answered', answers } });
  }

  /** @param {string} threadId @param {string} itemId @param {import('./api.js').Action} action */
  async #syncAction(threadId, itemId, action) {
    try {
      const result = await this.api.request('threads.sync_custom_action', { thread_id: threadId, item_id: itemId, action });
      if (result.updated_item) {
        this.view.applyEvent({ type: 'thread.item.replaced', item: result.updated_item });
        this.patcher.apply(this.view.takePatches());
      }
    } catch (error) {
      this.status.error(describe(error));
    }
  }

  /**
   * Runs one streaming request. Resolves to 'done', 'stopped', 'failed', 'unsent' (the request
   * never reached the server) or 'busy' (another response is running).
   * @template {keyof StreamRequests} T
   * @param {T} type @param {StreamRequests[T]} params
   * @returns {Promise<Outcome>}
   */
  async #run(type, params) {
    if (this.streaming) return 'busy';
    const controller = new AbortController();
    const view = this.view;
    this.running = controller;
    this.runningView = view;
    let received = false;
    const sink = {
      /** @param {PatchOp[]} ops */
      apply: (ops) => {
        if (view !== this.view) return;  // another chat was opened meanwhile
        if (ops.length) received = true;
        if (ops.some((op) => op.op !== 'event')) this.status.progress('');
        this.patcher.apply(ops);
      },
    };
    this.status.clear();
    this.composer.setStreaming(true);
    this.list.setAttribute('aria-busy', 'true');
    try {
      const response = await this.api.stream(type, params, controller.signal);
      await pumpStream(response, view, sink);
      return 'done';
    } catch (error) {
      if (isAbortError(error)) return 'stopped';
      const canRetry = received && this.threadId && type !== 'threads.custom_action';
      this.status.error(describe(error), canRetry ? () => this.retry() : null);
      return received ? 'failed' : 'unsent';
    } finally {
      this.running = null;
      this.runningView = null;
      if (view !== this.view) view.dispose();  // retired while this response still used it
      this.composer.setStreaming(false);
      this.list.setAttribute('aria-busy', 'false');
      this.status.progress('');
    }
  }

  /** @param {Thread} thread */
  #thread(thread) {
    const created = this.threadId !== thread.id;
    this.threadId = thread.id;
    const status = thread.status ?? { type: 'active' };
    this.composer.setLocked(status.type === 'active' ? null : status.reason || (status.type === 'closed' ? 'This chat is closed.' : 'This chat is locked.'));
    this.onThread(thread, created);
  }

  /** @param {AppEvent} event */
  #event(event) {
    switch (event.type) {
      case 'stream_options': this.composer.setStreaming(true, event.stream_options?.allow_cancel !== false); break;
      case 'progress_update': this.status.progress(event.text ?? ''); break;
      case 'notice': this.status.notice(event); break;
      case 'error': this.status.error(describeEvent(event), event.allow_retry ? () => this.retry() : null); break;
      case 'client_effect': console.info('chatkit: client effect (no handler registered)', event.name, event.data); break;
      default: console.info('chatkit: event', /** @type {{ type: string }} */ (event).type);  // one a newer core added
    }
  }

  #freshView() {
    this.#replaceView();
    this.patcher.clear();
  }

  // A running response keeps using its view until it ends (#run disposes it then).
  #replaceView() {
    if (this.runningView !== this.view) this.view.dispose();
    this.view = this.core.createThreadView();
  }

  /**
   * Puts a stored thread and its items into a new view; renders them unless the DOM has them.
   * @param {Thread | undefined} thread @param {ThreadItem[]} items @param {{ render?: boolean }} [options]
   */
  #load(thread, items, { render = true } = {}) {
    this.#replaceView();
    if (render) this.patcher.clear();
    if (thread) this.view.applyEvent({ type: 'thread.updated', thread: { ...thread, items: { data: [], has_more: false } } });
    for (const item of items) this.view.applyEvent({ type: 'thread.item.done', item });
    const ops = this.view.takePatches();
    this.patcher.apply(render ? ops : ops.filter((op) => op.op === 'thread'));
  }
}
