// One open chat: its history (items.list, oldest at the top, older pages on demand), the running
// response (fed byte by byte to the wasm thread view), stop, retry, widget actions, feedback, and
// client tools (a run that stops on a pending client_tool_call goes on with the app's answer).
import { ApiError, isAbortError } from './api.js';
import { ChatKitError } from './chatkit.mjs';
import { Patcher } from './patcher.js';
import { pumpStream } from './stream_pump.js';
import { resolveLoading, showLoading } from './loading.js';
import { addItemTools, removeItemTools } from './item_tools.js';

/** @import { ChatKitApi, StreamRequests } from './api.js' */
/** @import { ChatKitCore, ThreadView } from './chatkit.mjs' */
/** @import { AppEvent, Json, PatchOp, Thread, ThreadItem } from './chatkit.d.ts' */
/** @import { Composer } from './composer.js' */
/** @import { StatusArea } from './status_area.js' */
/** @import { WidgetAction } from './widget_actions.js' */
/** @typedef {'done' | 'stopped' | 'failed' | 'unsent' | 'busy'} Outcome */
/** @typedef {import('./strings.js').Translate} Translate */
/** @typedef {import('./api.js').UserMessageInput} UserMessageInput */
/** @typedef {import('./api.js').Action} Action */
/** @typedef {import('./item_tools.js').ItemToolOptions} ItemToolOptions */
/**
 * What the conversation asks of the element around it.
 * @typedef {{
 *   t: () => Translate,
 *   onThread: (thread: Thread, created: boolean) => void,
 *   onResponse: (running: boolean) => void,
 *   onEffect: (name: string, data: Record<string, unknown>) => void,
 *   onError: (error: Error) => void,
 *   onLog: (name: string, data?: Record<string, unknown>) => void,
 *   onClientTool: ((call: { name: string, params: Record<string, unknown> }) => Promise<Record<string, unknown>> | Record<string, unknown>) | null,
 *   onClientAction: ((action: Action, item: { id: string, widget: any }) => Promise<void>) | null,
 *   itemTools: () => Pick<ItemToolOptions, 'feedback' | 'retry'>,
 * }} ConversationHost
 */

const PAGE_SIZE = 30;

/**
 * A user's words for what failed: a request (the error table of docs/PROTOCOL.md §1.5), or anything else thrown.
 * @param {unknown} error @param {Translate} t
 */
function describe(error, t) {
  if (error instanceof ApiError) return error.code === 'network' ? t('unreachable') : error.message || error.code;
  return (error instanceof Error && error.message) || String(error);
}

/**
 * A user's words for an error event (docs/PROTOCOL.md §1.5a).
 * @param {Extract<AppEvent, { type: 'error' }>} event @param {Translate} t
 */
function describeEvent(event, t) {
  return event.message || (event.code === 'stream.error' ? t('notCompleted') : t('somethingWrong'));
}

/** @param {unknown} error */
const asError = (error) => (error instanceof Error ? error : new Error(String(error)));

// How long to wait before each attempt to reattach a dropped answer: about 16 s in all, within the
// server's detach grace (20 s by default) and its dead-instance timeout.
const RESUME_DELAYS_MS = [250, 500, 1000, 2000, 2000, 2000, 4000, 4000];

/**
 * The run and sequence number of an event id (`RUN:SEQ`, docs/PROTOCOL.md §4.7), or null.
 * @param {string} eventId
 */
function runPosition(eventId) {
  const colon = eventId.lastIndexOf(':');
  const seq = Number(eventId.slice(colon + 1));
  return colon > 0 && Number.isSafeInteger(seq) && seq >= 0 ? { runId: eventId.slice(0, colon), seq } : null;
}

/**
 * Resolves after `ms`, or rejects with the signal's AbortError once it aborts.
 * @param {number} ms @param {AbortSignal} signal
 */
function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(timer); reject(signal.reason); }, { once: true });
  });
}

export class Conversation {
  /**
   * @param {{ core: ChatKitCore, api: ChatKitApi, list: Element, status: StatusArea, composer: Composer,
   *           host: ConversationHost }} deps
   */
  constructor({ core, api, list, status, composer, host }) {
    this.core = core;
    this.api = api;
    this.list = list;
    this.status = status;
    this.composer = composer;
    this.host = host;
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
      onItem: (el, key) => this.decorate(el, key),
    });
  }

  get streaming() {
    return this.running !== null;
  }

  /**
   * Adds the item tools (copy, feedback, retry) to an item root, as the options say.
   * @param {Element} el @param {string} key
   */
  decorate(el, key) {
    addItemTools(el, key, { ...this.host.itemTools(), t: this.host.t(),
      onFeedback: (id, kind) => this.feedback(id, kind), onRetry: (id) => { this.retry(id); } });
  }

  /** Decorates every shown item again (the options changed). */
  redecorate() {
    removeItemTools(this.list);
    for (const el of this.list.children) {
      const key = el.getAttribute('data-ck-item');
      if (key) this.decorate(el, key);
    }
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
   * Resolves to false when another open or reset overtook it.
   * @param {string} threadId @param {number} [reloads] how often this thread was opened again
   *   because the run it was answering had gone (see #attach)
   */
  async open(threadId, reloads = 0) {
    this.reset();
    const generation = this.generation;
    // Until the thread is known, a message would start a new chat instead: hold the composer.
    this.composer.setLocked(this.host.t()('loading'));
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
    if (generation !== this.generation) return false;
    this.threadId = threadId;
    this.#load(thread, page.data.reverse());
    this.older = page.has_more ? page.after ?? null : null;
    // Still answering (another tab, or this page before a reload): follow that answer from its start.
    const activeRun = /** @type {{ active_run?: { id?: string } }} */ (thread).active_run?.id;
    if (activeRun) void this.#attach(activeRun, reloads);
    return true;
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
   * Sends a user message (the composer's, or sendUserMessage's). Resolves to its outcome, or
   * 'busy' at once while a response is still running.
   * @param {UserMessageInput} input
   * @returns {Promise<Outcome>}
   */
  async send(input) {
    if (this.streaming) return 'busy';
    const outcome = await (this.threadId
      ? this.#run('threads.add_user_message', { thread_id: this.threadId, input })
      : this.#run('threads.create', { input }));
    // Nothing reached the server: give the words back rather than lose them.
    if (outcome === 'unsent' && !this.composer.input.value) {
      this.composer.setValue({ content: /** @type {import('./composer.js').UserMessageContent[]} */ (input.content) });
    }
    return outcome;
  }

  /**
   * Stops the running response: the server cancels its run and keeps the partial answer
   * (docs/PROTOCOL.md §4.5, §4.7). Closing the connection alone would leave it running for the
   * server's detach grace, waiting for a reattach.
   */
  stop() {
    const position = this.running && this.runningView ? runPosition(this.runningView.lastEventId) : null;
    if (position) {
      this.api.cancelRun(position.runId).catch((error) => this.host.onLog('run.cancel.failed', { reason: asError(error).message }));
    }
    this.running?.abort();
  }

  /**
   * Answers a user message again, dropping what followed it: the one before `itemId` (a retry
   * button under an answer), or the last one (after an error).
   * @param {string} [itemId]
   */
  async retry(itemId) {
    if (this.streaming || !this.threadId) return;
    const items = this.view.state.items;
    const until = itemId ? items.findIndex((item) => item.id === itemId) : items.length;
    const last = items.slice(0, until < 0 ? items.length : until).findLastIndex((item) => item.type === 'user_message');
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
      this.host.onLog('feedback', { itemId, kind });
    } catch (error) {
      this.#fail(error);
      throw error;
    }
  }

  /**
   * sendCustomAction: an action of the app's, for the open thread (and a widget item, if given).
   * @param {Action} action @param {string} [itemId]
   */
  async sendAction(action, itemId) {
    if (!this.threadId) throw new Error('sendCustomAction needs an open thread');
    /** @type {StreamRequests['threads.custom_action']} */
    const params = { thread_id: this.threadId, action };
    if (itemId) params.item_id = itemId;
    const outcome = await this.#run('threads.custom_action', params);
    if (outcome === 'busy') throw new Error('a response is still running');
  }

  /**
   * Runs a widget action (see widget_actions.js): validated by the core, then sent.
   * @param {WidgetAction} action
   */
  async runAction({ itemId, config, payload, origin, trigger }) {
    const t = this.host.t();
    const threadId = this.threadId;
    const item = this.view.item(itemId);
    if (!threadId || item?.type !== 'widget') {
      this.status.error(t('actionGone'));
      return;
    }
    /** @type {import('./api.js').Action} */
    const action = payload == null ? { type: config.type } : { type: config.type, payload };
    if (config.handler === 'client') {
      // widgets.onAction: the app handles it (and may send it on with sendCustomAction). The core's
      // validateAction is the server's check, which refuses client-handled actions by design.
      const handler = this.host.onClientAction;
      this.host.onLog('widget.action', { type: action.type, handler: 'client' });
      if (!handler) return this.host.onLog('widget.action.unhandled', { type: action.type });
      try {
        await handler(action, { id: itemId, widget: item.widget });
      } catch (error) {
        this.#fail(error);
      }
      return;
    }
    try {
      this.core.validateAction(item.widget, action);
    } catch (error) {
      this.status.error(t('actionRefused', { reason: error instanceof ChatKitError ? error.reason : describe(error, t) }));
      return;
    }
    const mode = resolveLoading(config.loadingBehavior, { trigger });
    const target = mode === 'container' ? this.patcher.get(itemId) : origin;
    const done = showLoading(mode, target, (key) => this.patcher.get(key));
    try {
      if (config.streaming === false) await this.#syncAction(threadId, itemId, action);
      else if ((await this.#run('threads.custom_action', { thread_id: threadId, item_id: itemId, action })) === 'busy') {
        if (origin instanceof HTMLInputElement && origin.type === 'checkbox') origin.checked = !origin.checked;  // not sent: show the truth
        this.status.notice({ level: 'info', message: t('waitForAnswer') });
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
      this.#fail(error);
    }
  }

  /**
   * An error for the user (the status area) and for the app (chatkit.error).
   * @param {unknown} error @param {(() => void) | null} [retry]
   */
  #fail(error, retry = null) {
    this.status.error(describe(error, this.host.t()), retry);
    this.host.onError(asError(error));
  }

  /**
   * Runs one streaming request, and then, while the run stopped on a pending client tool call,
   * the app's tool and the run's continuation. Resolves to 'done', 'stopped', 'failed', 'unsent' (the request
   * never reached the server) or 'busy' (another response is running).
   * @template {keyof StreamRequests} T
   * @param {T} type @param {StreamRequests[T]} params
   * @returns {Promise<Outcome>}
   */
  async #run(type, params) {
    if (this.streaming) return 'busy';
    let outcome = await this.#runOnce(type, params);
    for (let call = this.#pendingClientTool(); outcome === 'done' && call; call = this.#pendingClientTool()) {
      const threadId = this.threadId;
      if (!threadId) break;
      const result = await this.#callClientTool(call);
      outcome = await this.#runOnce('threads.add_client_tool_output', { thread_id: threadId, result });
    }
    return outcome;
  }

  /** @type {string | null} the last item the running response inserted */
  #lastInserted = null;

  // The client_tool_call the last response ended on, if it waits for the app's output.
  #pendingClientTool() {
    const id = this.#lastInserted;
    const item = id ? this.view.item(id) : null;
    return item?.type === 'client_tool_call' && item.status === 'pending' ? item : null;
  }

  /**
   * onClientTool, whose result (or failure, as {error}) is the tool's output.
   * @param {Extract<ThreadItem, { type: 'client_tool_call' }>} call
   * @returns {Promise<Json>}
   */
  async #callClientTool(call) {
    const handler = this.host.onClientTool;
    const params = /** @type {Record<string, unknown>} */ (call.arguments ?? {});
    this.host.onLog('client_tool.call', { name: call.name });
    try {
      if (!handler) throw new Error(`no onClientTool handler for ${call.name}`);
      const result = await handler({ name: call.name, params });
      return /** @type {Json} */ (JSON.parse(JSON.stringify(result ?? {})));
    } catch (error) {
      const reason = asError(error).message;
      this.host.onError(new Error(this.host.t()('clientToolFailed', { name: call.name, reason })));
      return { error: reason };
    }
  }

  /**
   * @template {keyof StreamRequests} T
   * @param {T} type @param {StreamRequests[T]} params
   * @returns {Promise<Outcome>}
   */
  async #runOnce(type, params) {
    // Without quietGone a run the server lost is a failure, never 'gone'.
    return /** @type {Promise<Outcome>} */ (this.#runStream((signal) => this.api.stream(type, params, signal), type !== 'threads.custom_action'));
  }

  /**
   * Follows a run that is answering in the thread just opened, from its first event (the items
   * shown are what it had stored; its events bring them up to date). A run the server no longer
   * has has ended meanwhile: the thread is opened again, once, to show how.
   * @param {string} runId @param {number} reloads
   */
  async #attach(runId, reloads) {
    const threadId = this.threadId;
    const outcome = await this.#runStream((signal) => this.api.runEvents(runId, 0, signal), true, { quietGone: true });
    if (outcome === 'gone' && threadId && this.threadId === threadId && reloads < 1) {
      await this.open(threadId, reloads + 1).catch((error) => this.#fail(error));
    }
  }

  /**
   * Reads one response into the view. A connection that drops mid-answer is reattached to its run
   * (the events after the last one received, docs/PROTOCOL.md §4.7), after a short wait, a few
   * times, before it counts as failed.
   * @param {(signal: AbortSignal) => Promise<Response>} open @param {boolean} retryable
   * @param {{ quietGone?: boolean }} [options] quietGone: a run the server no longer has is 'gone', not an error
   * @returns {Promise<Outcome | 'gone'>}
   */
  async #runStream(open, retryable, { quietGone = false } = {}) {
    const controller = new AbortController();
    const view = this.view;
    this.running = controller;
    this.runningView = view;
    let received = false;
    this.#lastInserted = null;
    const sink = {
      /** @param {PatchOp[]} ops */
      apply: (ops) => {
        if (view !== this.view) return;  // another chat was opened meanwhile
        if (ops.length) received = true;
        for (const op of ops) if (op.op === 'insert' && !op.parent) this.#lastInserted = op.key;
        if (ops.some((op) => op.op !== 'event')) this.status.progress('');
        this.patcher.apply(ops);
      },
    };
    this.status.clear();
    this.composer.setStreaming(true);
    this.list.setAttribute('aria-busy', 'true');
    this.host.onResponse(true);
    try {
      await this.#pumpResuming(await open(controller.signal), view, sink, controller.signal);
      return 'done';
    } catch (error) {
      if (isAbortError(error)) return 'stopped';
      if (quietGone && error instanceof ApiError && error.code === 'not_found') return 'gone';
      const canRetry = received && this.threadId && retryable;
      this.#fail(error, canRetry ? () => this.retry() : null);
      return received ? 'failed' : 'unsent';
    } finally {
      this.running = null;
      this.runningView = null;
      if (view !== this.view) view.dispose();  // retired while this response still used it
      this.composer.setStreaming(false);
      this.list.setAttribute('aria-busy', 'false');
      this.status.progress('');
      this.host.onResponse(false);
    }
  }

  /**
   * pumpStream, reattaching to the run when the connection drops (fetch rejects a body read with a
   * TypeError) after at least one event of the run arrived.
   * @param {Response} response @param {ThreadView} view @param {{ apply: (ops: PatchOp[]) => void }} sink
   * @param {AbortSignal} signal
   */
  async #pumpResuming(response, view, sink, signal) {
    for (let attempt = 0; ; ) {
      try {
        await pumpStream(response, view, sink);
        return;
      } catch (error) {
        const position = runPosition(view.lastEventId);
        if (!(error instanceof TypeError) || !position) throw error;
        for (;;) {
          if (attempt >= RESUME_DELAYS_MS.length) throw new ApiError('network', this.host.t()('connectionLost'));
          await sleep(RESUME_DELAYS_MS[attempt++], signal);
          try {
            response = await this.api.runEvents(position.runId, position.seq, signal);
            break;
          } catch (failure) {
            if (!(failure instanceof ApiError) || failure.code !== 'network') throw failure;
          }
        }
        this.host.onLog('run.resumed', { run: position.runId, after: position.seq });
        view.restartStream();
      }
    }
  }

  /** @param {Thread} thread */
  #thread(thread) {
    const created = this.threadId !== thread.id;
    this.threadId = thread.id;
    const status = thread.status ?? { type: 'active' };
    const t = this.host.t();
    this.composer.setLocked(status.type === 'active' ? null : status.reason || t(status.type === 'closed' ? 'closed' : 'locked'));
    this.host.onThread(thread, created);
  }

  /** @param {AppEvent} event */
  #event(event) {
    switch (event.type) {
      case 'stream_options': this.composer.setStreaming(true, event.stream_options?.allow_cancel !== false); break;
      case 'progress_update': this.status.progress(event.text ?? ''); break;
      case 'notice': this.status.notice(event); break;
      case 'error': {
        const message = describeEvent(event, this.host.t());
        this.status.error(message, event.allow_retry ? () => this.retry() : null);
        this.host.onError(Object.assign(new Error(message), { code: event.code }));
        break;
      }
      case 'client_effect': this.host.onEffect(event.name, event.data ?? {}); break;
      default: this.host.onLog('event.unknown', { type: /** @type {{ type: string }} */ (event).type });  // one a newer core added
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
    this.view.load(thread ?? null, items);  // one call into the core for the whole page
    const ops = this.view.takePatches();
    this.patcher.apply(render ? ops : ops.filter((op) => op.op === 'thread'));
  }
}
