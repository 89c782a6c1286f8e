// The inside of <openai-chatkit> (chatkit.js defines the element and loads this module): the
// shadow root's markup, ChatKitOptions applied to it, the OpenAIChatKit methods and the ChatKitEvents
// it dispatches. The pieces it wires are the client's own: the conversation (one open chat), the
// thread list (history), the composer and the status area, over the wasm core.
import { loadChatKitCore } from './chatkit.mjs';
import { ApiError, ChatKitApi } from './api.js';
import { h } from './dom.js';
import { icon } from './icons.js';
import { Composer } from './composer.js';
import { Conversation } from './conversation.js';
import { StatusArea } from './status_area.js';
import { ThreadList } from './thread_list.js';
import { followBottom } from './autoscroll.js';
import { listenForActions, listenForAnswers } from './widget_actions.js';
import { applyTheme, loadFonts } from './theme.js';
import { english, strings } from './strings.js';
import { build } from './vdom.js';
import { listenForEntities } from './entities.js';

/** @typedef {import('@openai/chatkit').ChatKitOptions} ChatKitOptions */
/** @typedef {import('@openai/chatkit').ChatKitEvents} ChatKitEvents */
/** @typedef {import('@openai/chatkit').OpenAIChatKit} OpenAIChatKit */
/** @typedef {import('./strings.js').Translate} Translate */
/** @typedef {import('./api.js').UserMessageInput} UserMessageInput */
/** @import { ChatKitCore } from './chatkit.mjs' */
/** @import { Thread } from './chatkit.d.ts' */

const STYLES = ['./app.css', './widgets.css'];
const WIDE_PX = 860;  // from this width on, open history is a column beside the chat, not a drawer

/** @param {unknown} error */
const asError = (error) => (error instanceof Error ? error : new Error(String(error)));
/** @param {Element | null} el */
const focusOn = (el) => { if (el instanceof HTMLElement) el.focus(); };
/** @param {unknown} value */
const isObject = (value) => typeof value === 'object' && value !== null;

export class ChatKitApp {
  /** @type {ChatKitOptions | null} */
  options = null;
  /** @type {Translate} */
  t = english;
  /** @type {ChatKitCore | null} */
  core = null;
  /** @type {ChatKitApi | null} */
  api = null;
  /** @type {Conversation | null} */
  conversation = null;
  /** @type {ThreadList | null} */
  threads = null;
  /** @type {string | null} the thread last announced by chatkit.thread.change */
  announcedThread = null;
  historyOpen = false;
  ready = false;
  /** @type {string} what the item tools were last drawn for (feedback, retry, language) */
  itemToolsKey = '';

  /**
   * @param {HTMLElement} host the <openai-chatkit> element
   * @param {ShadowRoot} shadow its open shadow root
   * @param {string} assets the URL of the folder chatkit.js loads from (for the record: the
   *   modules find their files through import.meta.url)
   */
  constructor(host, shadow, assets) {
    this.host = host;
    this.shadow = shadow;
    this.assets = assets;
    const sheets = STYLES.map((name) => h('link', { rel: 'stylesheet', href: new URL(name, import.meta.url).href }));
    // Shown once the styles are in: no flash of unstyled markup.
    let pending = sheets.length;
    for (const sheet of sheets) {
      const done = () => { if (--pending === 0) this.root.classList.add('ck-styled'); };
      sheet.addEventListener('load', done, { once: true });
      sheet.addEventListener('error', done, { once: true });
    }
    this.headerBox = h('header', { class: 'ck-topbar' });
    this.title = h('h1', { class: 'ck-title', id: 'ck-thread-title' });
    this.threadNav = h('nav', { class: 'ck-threads' });
    this.historyTitle = h('h2', { class: 'ck-history-title', id: 'ck-history-title' });
    this.historyClose = h('button', { type: 'button', class: 'ck-icon-button ck-history-close', onclick: () => { this.hideHistory(); } }, icon('close'));
    this.history = h('aside', { class: 'ck-history', hidden: true, 'aria-labelledby': 'ck-history-title' },
      h('div', { class: 'ck-history-head' }, this.historyTitle, this.historyClose), this.threadNav);
    this.olderButton = h('button', { type: 'button', class: 'ck-button ck-secondary ck-load-older', hidden: true });
    this.start = h('div', { class: 'ck-start' });
    this.items = h('div', { class: 'ck-items', role: 'log', 'aria-live': 'polite' });
    this.messages = h('section', { class: 'ck-messages', tabindex: '-1', 'aria-labelledby': 'ck-thread-title' },
      this.olderButton, this.start, this.items);
    this.statusBox = h('div', { class: 'ck-status', role: 'status', 'aria-live': 'polite' });
    this.disclaimer = h('div', { class: 'ck-disclaimer', hidden: true });
    this.main = h('main', { class: 'ck-main' }, this.headerBox, this.messages, this.statusBox);
    this.skip = h('a', { class: 'ck-skip', href: '#', onclick: (event) => { event.preventDefault(); this.composer.focus(); } });
    this.root = h('div', { class: 'ck-root', role: 'region' }, this.skip, this.history, this.main);
    this.shadow.replaceChildren(...sheets, this.root);
    new MutationObserver(() => this.#updateEmpty()).observe(this.items, { childList: true });
    new ResizeObserver(() => this.#layout()).observe(this.root);
    this.history.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !this.#wide()) { this.hideHistory(); focusOn(this.#historyButton()); }
    });
    this.olderButton.addEventListener('click', () => this.#loadOlder());
    listenForEntities(this.items, { options: () => this.options?.entities, view: () => this.conversation?.view,
      core: () => this.core, onError: (error) => this.#emit('chatkit.error', { error: asError(error) }) });
    this.status = new StatusArea(this.statusBox, (markdown) => ({ tag: 'div', children: this.#core().renderMarkdown(markdown) }), () => this.t);
    this.composer = new Composer({
      onSend: (input) => { this.#send(input); },
      onStop: () => this.conversation?.stop(),
      onToolChange: (toolId) => this.#emit('chatkit.tool.change', { toolId }),
      onError: (message, error) => {
        this.status.error(message);
        this.#emit('chatkit.error', { error: error instanceof Error ? error : new Error(message) });
      },
      onStatus: (text) => this.status.progress(text),
      api: () => this.api,
      strategy: () => (this.options && 'url' in this.options.api ? this.options.api.uploadStrategy : undefined),
    });
    this.main.append(this.composer.form, this.disclaimer);
    this.composer.setLocked(english('loading'));
    this.scroller = followBottom(this.messages);
    this.coreLoading = loadChatKitCore().then((core) => {
      this.core = core;
      this.#start();
    }, (error) => this.#fatal(error));
  }

  #wide() {
    return this.root.getBoundingClientRect().width >= WIDE_PX;
  }

  #layout() {
    this.root.classList.toggle('ck-wide', this.#wide());
    // A drawer off-screen is out of reach of the pointer, the keyboard and screen readers.
    this.history.inert = !this.historyOpen;
  }

  #historyButton() {
    return this.headerBox.querySelector('.ck-history-toggle');
  }

  #updateEmpty() {
    const empty = this.items.childElementCount === 0;
    this.root.classList.toggle('ck-has-items', !empty);
    this.start.hidden = !empty || this.conversation?.threadId != null;
  }

  // ---- Options ------------------------------------------------------------------------------

  /**
   * Applies a full set of options (as OpenAIChatKit.setOptions says: not merged with the last
   * ones); what did not change is left alone, so a second call applies the difference.
   * @param {ChatKitOptions} options
   */
  setOptions(options) {
    if (!isObject(options)) {
      this.#emit('chatkit.error', { error: new TypeError('setOptions needs a ChatKitOptions object') });
      return;
    }
    const before = this.options;
    this.options = options;
    const language = strings(options.locale);
    this.t = language.t;
    this.root.lang = language.lang;
    this.root.dir = language.dir;
    this.root.setAttribute('aria-label', options.frameTitle ?? 'Chat');
    applyTheme(this.root, options.theme);
    loadFonts(options.theme, (error) => this.#log('font.error', { message: asError(error).message }));
    this.#renderHeader();
    this.#renderStart();
    this.#renderDisclaimer();
    this.historyTitle.textContent = this.t('chats');
    this.skip.textContent = this.t('skipToComposer');
    this.historyClose.setAttribute('aria-label', this.t('hideHistory'));
    this.olderButton.textContent = this.t('loadOlder');
    this.items.setAttribute('aria-label', this.t('messages'));
    this.composer.configure(options.composer, options.entities?.onTagSearch ?? null, this.t);
    this.scroller.setFollow(options.thread?.autoScroll === true);
    if (this.historyOpen && !this.#historyEnabled()) this.hideHistory();
    this.threads?.configure(this.#listOptions());
    const tools = `${options.threadItemActions?.feedback === true}|${options.threadItemActions?.retry === true}|${language.lang}`;
    if (tools !== this.itemToolsKey) {
      this.itemToolsKey = tools;
      this.conversation?.redecorate();
    }
    if (!this.core) return;
    const apiBefore = before && 'url' in before.api ? before.api : null;
    const apiNow = 'url' in options.api ? options.api : null;
    if (!this.ready || apiBefore?.url !== apiNow?.url) this.#start();
    else this.api?.setFetch(this.#fetchOf(options));
  }

  #historyEnabled() {
    return this.options?.history?.enabled !== false;
  }

  #listOptions() {
    const history = this.options?.history ?? {};
    return { showRename: history.showRename !== false, showDelete: history.showDelete !== false, t: this.t };
  }

  /** @param {ChatKitOptions} options */
  #fetchOf(options) {
    const custom = 'url' in options.api ? options.api.fetch : undefined;
    return typeof custom === 'function' ? custom : undefined;
  }

  #renderHeader() {
    const header = this.options?.header ?? {};
    this.headerBox.hidden = header.enabled === false;
    /** @param {{ icon: string, onClick: () => void } | undefined} action @param {string} side */
    const custom = (action, side) => (action && typeof action.onClick === 'function'
      ? h('button', { type: 'button', class: `ck-icon-button ck-header-${side}`, 'aria-label': action.icon, title: action.icon,
        onclick: () => { try { action.onClick(); } catch (error) { this.#emit('chatkit.error', { error: asError(error) }); } } },
      icon(action.icon)) : null);
    const historyToggle = this.#historyEnabled()
      ? h('button', { type: 'button', class: 'ck-icon-button ck-history-toggle', 'aria-expanded': String(this.historyOpen),
        'aria-label': this.t(this.historyOpen ? 'hideHistory' : 'showHistory'),
        onclick: () => { if (this.historyOpen) this.hideHistory(); else this.showHistory(); } }, icon('menu'))
      : null;
    const compose = h('button', { type: 'button', class: 'ck-icon-button ck-header-new', 'aria-label': this.t('newChat'), title: this.t('newChat'),
      onclick: () => { this.#newChat({ focus: true }); this.#closeHistoryIfNarrow(); } }, icon('compose'));
    this.title.hidden = header.title?.enabled === false;
    this.#renderTitle();
    this.headerBox.replaceChildren(custom(header.leftAction, 'left') ?? '', historyToggle ?? '', this.title,
      h('span', { class: 'ck-header-space' }), compose, custom(header.rightAction, 'right') ?? '');
  }

  #renderTitle() {
    const fixed = this.options?.header?.title?.text;
    const threadId = this.conversation?.threadId;
    const text = fixed ?? (threadId ? this.threads?.title(threadId) : null) ?? this.t('newChat');
    this.title.textContent = text;
  }

  #renderStart() {
    const start = this.options?.startScreen ?? {};
    const prompts = Array.isArray(start.prompts) ? start.prompts : [];
    this.start.replaceChildren(
      h('h2', { class: 'ck-greeting' }, start.greeting ?? this.t('greeting')),
      prompts.length ? h('ul', { class: 'ck-prompts', role: 'list' }, ...prompts.map((prompt) => h('li', {},
        h('button', { type: 'button', class: 'ck-prompt', onclick: () => this.#sendPrompt(prompt.prompt) },
          prompt.icon ? icon(prompt.icon) : null, h('span', {}, String(prompt.label)))))) : '');
    this.#updateEmpty();
  }

  #renderDisclaimer() {
    const disclaimer = this.options?.disclaimer;
    const text = typeof disclaimer?.text === 'string' ? disclaimer.text : '';
    this.disclaimer.hidden = !text;
    this.disclaimer.classList.toggle('ck-high-contrast', Boolean(disclaimer?.highContrast));
    if (!text) return this.disclaimer.replaceChildren();
    if (!this.core) return this.disclaimer.replaceChildren(text);
    // Markdown, rendered by the core's sanitising renderer like every model-written text.
    this.disclaimer.replaceChildren(build({ tag: 'div', children: this.core.renderMarkdown(text) }));
  }

  // ---- Start-up -----------------------------------------------------------------------------

  #core() {
    if (!this.core) throw new Error('the wasm core is not loaded yet');
    return this.core;
  }

  // (Re)starts against the options' API: called once the core and options are both there, and
  // again when the API URL changes.
  #start() {
    const options = this.options;
    if (!options || !this.core) return;
    if (!isObject(options.api) || !('url' in options.api) || typeof options.api.url !== 'string' || !options.api.url) {
      return this.#fatal(new Error('ChatKitOptions.api.url is required: this element talks to your own ChatKit server'
        + ' (api.getClientSecret is for OpenAI-hosted ChatKit)'));
    }
    this.#renderDisclaimer();
    const url = new URL(options.api.url, document.baseURI).href;
    this.api = new ChatKitApi(url, this.#fetchOf(options));
    this.conversation?.reset();
    this.items.replaceChildren();
    this.conversation = this.#makeConversation(this.core, this.api);
    this.threadNav.replaceChildren();
    this.threads = new ThreadList(this.threadNav, this.api, {
      onOpen: (id) => { this.#closeHistoryIfNarrow(); this.setThreadId(id); },
      onDeleted: (id, next) => {
        if (this.conversation?.threadId === id) this.#newChat({ focus: false });
        focusOn(next ?? this.headerBox.querySelector('.ck-header-new'));
      },
      onRenamed: () => this.#renderTitle(),
      onError: (error) => this.#showError(error),
    }, this.#listOptions());
    if (this.#historyEnabled()) this.threads.reload();
    const first = this.ready ? this.conversation.threadId : options.initialThread ?? null;
    const opening = first ? this.setThreadId(first) : Promise.resolve(this.#newChat({ focus: false }));
    opening.finally(() => {
      if (this.ready) return;
      this.ready = true;
      this.root.classList.add('ck-ready');
      this.#emit('chatkit.ready', undefined);
    });
  }

  /** @param {ChatKitCore} core @param {ChatKitApi} api */
  #makeConversation(core, api) {
    const app = this;
    const conversation = new Conversation({
      core, api, list: this.items, status: this.status, composer: this.composer,
      host: {
        t: () => this.t,
        onThread: (thread) => this.#onThread(thread),
        onResponse: (running) => {
          this.root.classList.toggle('ck-streaming', running);
          this.#emit(running ? 'chatkit.response.start' : 'chatkit.response.end', undefined);
        },
        onEffect: (name, data) => this.#emit('chatkit.effect', { name, data }),
        onError: (error) => this.#emit('chatkit.error', { error }),
        onLog: (name, data) => this.#log(name, data),
        // Looked up when called, so that later options apply.
        get onClientTool() { return app.options?.onClientTool ? (/** @type {any} */ call) => app.#clientTool(call) : null; },
        get onClientAction() { return app.options?.widgets?.onAction ? (/** @type {any} */ action, /** @type {any} */ item) => app.#clientAction(action, item) : null; },
        itemTools: () => ({ feedback: this.options?.threadItemActions?.feedback === true, retry: this.options?.threadItemActions?.retry === true }),
      },
    });
    listenForActions(this.items, (action) => conversation === this.conversation && conversation.runAction(action));
    listenForAnswers(this.items, (itemId, questionId, value) => conversation === this.conversation && conversation.answer(itemId, questionId, value));
    return conversation;
  }

  /** @param {{ name: string, params: Record<string, unknown> }} call */
  #clientTool(call) {
    const handler = this.options?.onClientTool;
    if (!handler) throw new Error(`no onClientTool handler for ${call.name}`);
    return handler(call);
  }

  /** @param {{ type: string, payload?: Record<string, unknown> }} action @param {{ id: string, widget: any }} item */
  #clientAction(action, item) {
    const handler = this.options?.widgets?.onAction;
    if (!handler) return Promise.resolve();
    return handler(action, item);
  }

  /** @param {unknown} error */
  #fatal(error) {
    const failure = asError(error);
    this.composer.setLocked(this.t('cannotStart', { reason: failure.message }));
    this.status.error(this.t('cannotStart', { reason: failure.message }));
    this.#emit('chatkit.error', { error: failure });
  }

  /** @param {unknown} error */
  #showError(error) {
    const failure = asError(error);
    this.status.error(error instanceof ApiError && error.code === 'network' ? this.t('unreachable') : failure.message);
    this.#emit('chatkit.error', { error: failure });
  }

  // ---- Threads ------------------------------------------------------------------------------

  /** @param {Thread} thread */
  #onThread(thread) {
    this.threads?.upsert(thread);
    this.threads?.select(thread.id);
    this.#renderTitle();
    this.#announce(thread.id);
    this.#updateEmpty();
  }

  /** @param {string | null} threadId */
  #announce(threadId) {
    if (this.announcedThread === threadId) return;
    this.announcedThread = threadId;
    this.#emit('chatkit.thread.change', { threadId });
  }

  /** @param {{ focus: boolean }} how */
  #newChat({ focus }) {
    const conversation = this.conversation;
    if (!conversation) return;
    conversation.reset();
    this.threads?.select(null);
    this.olderButton.hidden = true;
    this.#renderTitle();
    this.#updateEmpty();
    this.#announce(null);
    if (focus) this.composer.focus();
  }

  /** @param {string | null} threadId */
  async setThreadId(threadId) {
    await this.coreLoading;
    const conversation = this.conversation;
    if (!conversation) return;
    if (threadId === null) return this.#newChat({ focus: false });
    if (typeof threadId !== 'string' || !threadId) throw new TypeError('setThreadId takes a thread id or null');
    this.threads?.select(threadId);
    this.#emit('chatkit.thread.load.start', { threadId });
    try {
      const shown = await conversation.open(threadId);
      if (shown) {
        this.#announce(threadId);
        this.scroller.toBottom();
      }
    } catch (error) {
      if (error instanceof ApiError && error.code === 'not_found') this.#newChat({ focus: false });
      this.#showError(error);
    } finally {
      this.olderButton.hidden = !conversation.older;
      this.#renderTitle();
      this.#updateEmpty();
      this.#emit('chatkit.thread.load.end', { threadId });
    }
  }

  async #loadOlder() {
    const conversation = this.conversation;
    if (!conversation) return;
    const fromBottom = this.messages.scrollHeight - this.messages.scrollTop;
    this.olderButton.disabled = true;
    try {
      await conversation.loadOlder();
      this.messages.scrollTop = this.messages.scrollHeight - fromBottom;  // keep the reader's place
    } catch (error) {
      this.#showError(error);
    } finally {
      this.olderButton.disabled = false;
      this.olderButton.hidden = !conversation.older;
    }
  }

  async showHistory() {
    if (!this.#historyEnabled() || this.historyOpen) return;
    this.historyOpen = true;
    this.history.hidden = false;
    this.root.classList.add('ck-history-open');
    this.#layout();
    this.#renderHeader();
    if (!this.#wide()) this.history.querySelector('button')?.focus();
    this.#emit('chatkit.history.open', undefined);
  }

  async hideHistory() {
    if (!this.historyOpen) return;
    this.historyOpen = false;
    this.history.hidden = true;
    this.root.classList.remove('ck-history-open');
    this.#layout();
    this.#renderHeader();
    this.#emit('chatkit.history.close', undefined);
  }

  #closeHistoryIfNarrow() {
    if (!this.#wide()) this.hideHistory();
  }

  async fetchUpdates() {
    await this.coreLoading;
    const threadId = this.conversation?.threadId;
    const reloads = [this.threads?.reload()];
    if (threadId && !this.conversation?.streaming) reloads.push(this.setThreadId(threadId));
    await Promise.all(reloads);
  }

  // ---- Messages -----------------------------------------------------------------------------

  async focusComposer() {
    this.composer.focus();
  }

  /** @param {UserMessageInput} input */
  async #send(input) {
    await this.coreLoading;
    const conversation = this.conversation;
    if (!conversation) throw new Error('the chat is not ready');
    this.scroller.toBottom();
    const outcome = await conversation.send(input);
    if (outcome === 'busy') throw new Error('a response is still running');
    this.scroller.toBottom();
  }

  /** @param {import('@openai/chatkit').StartScreenPrompt['prompt']} prompt */
  #sendPrompt(prompt) {
    const content = typeof prompt === 'string' ? [{ type: /** @type {const} */ ('input_text'), text: prompt }] : prompt;
    this.sendUserMessage({ content }).catch((error) => this.#emit('chatkit.error', { error: asError(error) }));
  }

  /** @param {Parameters<OpenAIChatKit['sendUserMessage']>[0]} params */
  async sendUserMessage(params) {
    await this.coreLoading;
    if (!isObject(params)) throw new TypeError('sendUserMessage takes { text } or { content }');
    const content = params.content ?? [{ type: 'input_text', text: String(params.text ?? '') }];
    if (!content.some((part) => part.text?.trim())) throw new TypeError('sendUserMessage: the message is empty');
    if (params.newThread) this.#newChat({ focus: false });
    /** @type {UserMessageInput['inference_options']} */
    const inference = {};
    if (params.toolChoice?.id) inference.tool_choice = { id: params.toolChoice.id };
    if (params.model) inference.model = params.model;
    /** @type {UserMessageInput} */
    const input = { content, attachments: (params.attachments ?? []).map((attachment) => attachment.id), inference_options: inference };
    if (params.reply) input.quoted_text = params.reply;
    await this.#send(input);
  }

  /** @param {Parameters<OpenAIChatKit['setComposerValue']>[0]} params */
  async setComposerValue(params) {
    if (!isObject(params)) throw new TypeError('setComposerValue takes an object');
    this.composer.setValue(params);
  }

  /** @param {{ type: string, payload?: Record<string, unknown> }} action @param {string} [itemId] */
  async sendCustomAction(action, itemId) {
    await this.coreLoading;
    if (!isObject(action) || typeof action.type !== 'string' || !action.type) throw new TypeError('sendCustomAction takes { type, payload? }');
    const conversation = this.conversation;
    if (!conversation) throw new Error('the chat is not ready');
    await conversation.sendAction(/** @type {import('./api.js').Action} */ (action), itemId);
  }

  // ---- Events -------------------------------------------------------------------------------

  /**
   * Dispatches one of ChatKitEvents on the element.
   * @template {keyof ChatKitEvents} K
   * @param {K} name @param {ChatKitEvents[K]['detail']} detail
   */
  #emit(name, detail) {
    this.host.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  /** @param {string} name @param {Record<string, unknown>} [data] */
  #log(name, data) {
    this.#emit('chatkit.log', data ? { name, data } : { name });
  }

  connect() {
    this.#layout();
  }

  disconnect() {
    this.conversation?.stop();
  }
}
