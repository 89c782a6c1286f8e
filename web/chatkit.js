// chatkit.js: the drop-in <openai-chatkit> element, self-hosted. A classic script, so that an app
// switches from OpenAI's CDN by changing one tag: <script src="https://ANY-HOST/chatkit.js" async>.
// It defines the element at once (so customElements.whenDefined resolves and every method can be
// called before anything else has loaded) and loads the rest (element.js, the wasm core, the CSS)
// relative to its own URL when the first element is connected. Methods called before then wait;
// options set before then apply when it is ready. The build gives element.js its hashed name.

/** @typedef {import('@openai/chatkit').ChatKitOptions} ChatKitOptions */
/** @typedef {import('@openai/chatkit').OpenAIChatKit} OpenAIChatKit */
/** @typedef {import('./src/element.js').ChatKitApp} ChatKitApp */

{
  const TAG = 'openai-chatkit';
  const MODULE = 'element.js';
  // currentScript is this script while it runs (also when loaded async or from another origin).
  const script = document.currentScript;
  const here = script instanceof HTMLScriptElement && script.src ? script.src : document.baseURI;
  const assets = new URL('assets/', here);
  /** @type {Promise<typeof import('./src/element.js')> | null} */
  let loading = null;
  const load = () => (loading ??= import(new URL(MODULE, assets).href));

  /** @implements {OpenAIChatKit} */
  class OpenAIChatKitElement extends HTMLElement {
    /** @type {ChatKitOptions | null} */
    #options = null;
    /** @type {ChatKitApp | null} */
    #app = null;
    /** @type {Promise<ChatKitApp>} */
    #ready;
    /** @type {(app: ChatKitApp) => void} */
    #resolve = () => {};

    constructor() {
      super();
      this.#ready = new Promise((resolve) => { this.#resolve = resolve; });
    }

    connectedCallback() {
      if (this.#app) return this.#app.connect();
      const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
      load().then(({ ChatKitApp }) => {
        if (this.#app) return;
        const app = new ChatKitApp(this, root, assets.href);
        this.#app = app;
        if (this.#options) app.setOptions(this.#options);
        this.#resolve(app);
      }).catch((error) => {
        const detail = { error: error instanceof Error ? error : new Error(String(error)) };
        root.textContent = `The chat could not start: ${detail.error.message}`;
        this.dispatchEvent(new CustomEvent('chatkit.error', { detail }));
      });
    }

    disconnectedCallback() {
      this.#app?.disconnect();
    }

    /** @param {ChatKitOptions} options */
    setOptions(options) {
      this.#options = options;
      this.#app?.setOptions(options);
    }

    focusComposer() { return this.#ready.then((app) => app.focusComposer()); }
    /** @param {string | null} threadId */
    setThreadId(threadId) { return this.#ready.then((app) => app.setThreadId(threadId)); }
    /** @param {Parameters<OpenAIChatKit['sendCustomAction']>[0]} action @param {string} [itemId] */
    sendCustomAction(action, itemId) { return this.#ready.then((app) => app.sendCustomAction(action, itemId)); }
    /** @param {Parameters<OpenAIChatKit['sendUserMessage']>[0]} params */
    sendUserMessage(params) { return this.#ready.then((app) => app.sendUserMessage(params)); }
    /** @param {Parameters<OpenAIChatKit['setComposerValue']>[0]} params */
    setComposerValue(params) { return this.#ready.then((app) => app.setComposerValue(params)); }
    showHistory() { return this.#ready.then((app) => app.showHistory()); }
    hideHistory() { return this.#ready.then((app) => app.hideHistory()); }
    fetchUpdates() { return this.#ready.then((app) => app.fetchUpdates()); }
  }

  if (!customElements.get(TAG)) customElements.define(TAG, OpenAIChatKitElement);
}
