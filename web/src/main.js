// Starts the app: finds the API, loads the wasm core, and wires the sidebar, the conversation, the
// composer and widget actions together. The open chat is in the URL (#thr_…), so a reload reopens it.
import { loadChatKitCore } from './chatkit.mjs';
import { ApiError, ChatKitApi } from './api.js';
import { find } from './dom.js';
import { resolveApiUrl } from './config.js';
import { Composer } from './composer.js';
import { Conversation } from './conversation.js';
import { StatusArea } from './status_area.js';
import { ThreadList } from './thread_list.js';
import { followBottom } from './autoscroll.js';
import { listenForActions, listenForAnswers } from './widget_actions.js';
import { setupSidebar } from './sidebar.js';

/** @param {string} selector one of index.html's elements */
const $ = (selector) => find(document, selector, HTMLElement);
const UNTITLED = 'New chat';
/** @param {unknown} error */
const messageOf = (error) => (error instanceof Error && error.message) || String(error);

async function start() {
  const [apiUrl, core] = await Promise.all([resolveApiUrl(), loadChatKitCore()]);
  const api = new ChatKitApi(apiUrl);
  const status = new StatusArea($('.ck-status'), (markdown) => ({ tag: 'div', children: core.renderMarkdown(markdown) }));
  const scroller = followBottom($('.ck-messages'));
  const items = $('.ck-items');
  const title = $('#ck-thread-title');
  const olderButton = find(document, '.ck-load-older', HTMLButtonElement);
  const sidebar = setupSidebar($('.ck-sidebar'), $('.ck-menu'));

  /** @param {unknown} error */
  const showError = (error) => status.error(messageOf(error));
  /** @param {string | null | undefined} text */
  const setTitle = (text) => {
    title.textContent = text || UNTITLED;
    document.title = `${text || UNTITLED} · ChatKit`;
  };
  const updateEmpty = () => { document.body.classList.toggle('ck-has-items', items.childElementCount > 0); };
  new MutationObserver(updateEmpty).observe(items, { childList: true });

  const threads = new ThreadList($('.ck-threads'), api, {
    onOpen: (id) => { sidebar.close(); openThread(id); },
    onDeleted: (id) => { if (conversation.threadId === id) newChat(); },
    onRenamed: (thread) => { if (conversation.threadId === thread.id) setTitle(thread.title); },
    onError: showError,
  });

  const composer = new Composer(find(document, '.ck-composer', HTMLFormElement), {
    onSend: (text) => {
      const taken = conversation.send(text);
      if (taken) scroller.toBottom();
      return taken;
    },
    onStop: () => conversation.stop(),
  });

  const conversation = new Conversation({
    core, api, list: items, status, composer,
    onThread: (thread, created) => {
      threads.upsert(thread);
      threads.select(thread.id);
      setTitle(thread.title);
      if (created && location.hash !== `#${thread.id}`) history.replaceState(null, '', `#${thread.id}`);
    },
  });

  listenForActions(items, (action) => conversation.runAction(action));
  listenForAnswers(items, (itemId, questionId, value) => conversation.answer(itemId, questionId, value));

  const refreshOlder = () => { olderButton.hidden = !conversation.older; };
  olderButton.addEventListener('click', async () => {
    const scrollerEl = $('.ck-messages');
    const fromBottom = scrollerEl.scrollHeight - scrollerEl.scrollTop;
    olderButton.disabled = true;
    try {
      await conversation.loadOlder();
      scrollerEl.scrollTop = scrollerEl.scrollHeight - fromBottom;  // keep the reader's place
    } catch (error) {
      showError(error);
    } finally {
      olderButton.disabled = false;
      refreshOlder();
    }
  });

  // Focus moves to the message box only when the user asked for a new chat, never on page load.
  function newChat({ focus = true } = {}) {
    conversation.reset();
    threads.select(null);
    setTitle(null);
    refreshOlder();
    if (location.hash) history.replaceState(null, '', location.pathname + location.search);
    if (focus) composer.focus();
  }

  /** @param {string} id */
  async function openThread(id) {
    if (location.hash !== `#${id}`) history.replaceState(null, '', `#${id}`);
    threads.select(id);
    setTitle(threads.title(id));
    try {
      await conversation.open(id);
      scroller.toBottom();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'not_found') return newChat({ focus: false });
      showError(error);
    }
    refreshOlder();
  }

  $('.ck-new-chat').addEventListener('click', () => { sidebar.close(); newChat(); });
  // The skip link moves focus only: the URL's hash names the open chat.
  $('.ck-skip').addEventListener('click', (event) => { event.preventDefault(); composer.focus(); });
  window.addEventListener('hashchange', () => {
    const id = location.hash.slice(1);
    if (id && id !== conversation.threadId) openThread(id);
  });

  threads.reload();
  const initial = location.hash.slice(1);
  if (initial) await openThread(initial);
  else newChat({ focus: false });
  document.body.classList.add('ck-ready');
}

start().catch((error) => {
  console.error(error);
  const box = document.querySelector('.ck-status');
  if (!box) return;
  box.textContent = `The chat could not start: ${messageOf(error)}`;
  box.setAttribute('role', 'alert');
});
