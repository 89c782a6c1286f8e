// One open chat: its history (items.list, oldest at the top, older pages on demand), the running
// response (fed byte by byte to the wasm thread view), stop, retry, widget actions and feedback.
import { ApiError } from './api.js';
import { Patcher } from './patcher.js';
import { pumpStream } from './stream_pump.js';
import { resolveLoading, showLoading } from './loading.js';
import { addItemTools } from './item_tools.js';

const PAGE_SIZE = 30;

/** A user's words for an error code (the error events of docs/PROTOCOL.md §1.5a, and the error table of §1.5). */
function describe(error) {
  if (error instanceof ApiError) return error.code === 'network' ? 'The server cannot be reached.' : error.message || error.code;
  if (error?.type === 'error') return error.message || (error.code === 'stream.error' ? 'The answer could not be completed.' : 'Something went wrong.');
  return error?.message || String(error);
}

export class Conversation {
  /**
   * @param {{ core: any, api: import('./api.js').ChatKitApi, list: Element, status: import('./status_area.js').StatusArea,
   *           composer: import('./composer.js').Composer, onThread: (thread: any, created: boolean) => void }} deps
   */
  constructor({ core, api, list, status, composer, onThread }) {
    Object.assign(this, { core, api, list, status, composer, onThread });
    this.view = core.createThreadView();
    this.threadId = null;
    this.older = null;        // items.list cursor of the next older page, or null
    this.running = null;      // AbortController of the streaming request
    this.runningView = null;  // the view that request feeds
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

  /** Shows a stored thread: its metadata and newest page of items. Throws ApiError (not_found…). */
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
    if (!this.older || this.streaming) return false;
    const generation = this.generation;
    const page = await this.api.request('items.list', { thread_id: this.threadId, order: 'desc', limit: PAGE_SIZE, after: this.older });
    if (generation !== this.generation || this.streaming) return false;
    const older = page.data.reverse();
    // The view must know every shown item, so that later events about an old widget apply.
    const { thread, items } = this.view.state;
    this.#load(thread, [...older, ...items], { render: false });
    // Rendered as the view would: images load only from the thread's allowed domains.
    const options = { allowedImageDomains: thread?.allowed_image_domains };
    this.patcher.prepend(older.map((item) => this.core.renderItem(item, options)).filter(Boolean));
    this.older = page.has_more ? page.after ?? null : null;
    return true;
  }

  /** Sends the composer's text; false when a response is still running. */
  send(text) {
    if (this.streaming) return false;
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

  /** items.feedback for one item. */
  async feedback(itemId, kind) {
    try {
      await this.api.request('items.feedback', { thread_id: this.threadId, item_ids: [itemId], kind });
    } catch (error) {
      this.status.error(describe(error));
      throw error;
    }
  }

  /** Runs a widget action (see widget_actions.js): validated by the core, then sent. */
  async runAction({ itemId, config, payload, origin, trigger }) {
    if (config.handler === 'client') {
      console.info('chatkit: client-handled widget action (no client handler is registered)', config.type, payload);
      return;
    }
    const action = { type: config.type, payload };
    try {
      this.core.validateAction(this.view.item(itemId)?.widget ?? null, action);
    } catch (error) {
      this.status.error(`This action is not available: ${error.reason ?? error.message}`);
      return;
    }
    const mode = resolveLoading(config.loadingBehavior, { origin, trigger });
    const target = mode === 'container' ? this.patcher.get(itemId) : origin;
    const done = showLoading(mode, target, (key) => this.patcher.get(key));
    try {
      if (config.streaming === false) await this.#syncAction(itemId, action);
      else if ((await this.#run('threads.custom_action', { thread_id: this.threadId, item_id: itemId, action })) === 'busy') {
        if (origin.type === 'checkbox') origin.checked = !origin.checked;  // not sent: show the truth
        this.status.notice({ level: 'info', message: 'Wait for the answer to finish, then try again.' });
      }
    } finally {
      done();
    }
  }

  /** Answers a structured-input question with one option (docs/PROTOCOL.md §2.4). */
  async answer(itemId, questionId, value) {
    const item = this.view.item(itemId);
    if (!item || item.status !== 'pending') return;
    const answers = { [questionId]: { values: [value], skipped: false } };
    await this.#run('threads.add_structured_input', { thread_id: this.threadId, item_id: itemId, input: { status: 'answered', answers } });
  }

  async #syncAction(itemId, action) {
    try {
      const result = await this.api.request('threads.sync_custom_action', { thread_id: this.threadId, item_id: itemId, action });
      if (result.updated_item) {
        this.view.applyEvent({ type: 'thread.item.replaced', item: result.updated_item });
        this.patcher.apply(this.view.takePatches());
      }
    } catch (error) {
      this.status.error(describe(error));
    }
  }

  // Runs one streaming request. Resolves to 'done', 'stopped', 'failed', 'unsent' (the request
  // never reached the server) or 'busy' (another response is running).
  async #run(type, params) {
    if (this.streaming) return 'busy';
    const controller = new AbortController();
    const view = this.view;
    this.running = controller;
    this.runningView = view;
    let received = false;
    const sink = {
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
      if (error.name === 'AbortError') return 'stopped';
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

  #thread(thread) {
    const created = this.threadId !== thread.id;
    this.threadId = thread.id;
    const status = thread.status ?? { type: 'active' };
    this.composer.setLocked(status.type === 'active' ? null : status.reason || (status.type === 'closed' ? 'This chat is closed.' : 'This chat is locked.'));
    this.onThread(thread, created);
  }

  #event(event) {
    switch (event.type) {
      case 'stream_options': this.composer.setStreaming(true, event.stream_options?.allow_cancel !== false); break;
      case 'progress_update': this.status.progress(event.text ?? ''); break;
      case 'notice': this.status.notice(event); break;
      case 'error': this.status.error(describe(event), event.allow_retry ? () => this.retry() : null); break;
      case 'client_effect': console.info('chatkit: client effect (no handler registered)', event.name, event.data); break;
      default: console.info('chatkit: event', event.type);
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

  // Puts a stored thread and its items into a new view; renders them unless the DOM has them.
  #load(thread, items, { render = true } = {}) {
    this.#replaceView();
    if (render) this.patcher.clear();
    if (thread) this.view.applyEvent({ type: 'thread.updated', thread: { ...thread, items: { data: [], has_more: false } } });
    for (const item of items) this.view.applyEvent({ type: 'thread.item.done', item });
    const ops = this.view.takePatches();
    this.patcher.apply(render ? ops : ops.filter((op) => op.op === 'thread'));
  }
}
