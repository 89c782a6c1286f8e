// The sidebar's list of chats: newest first, paged with threads.list (a "Load more" button that
// also fires by itself when scrolled into view), and per chat: open, rename, delete.
import { ApiError } from './api.js';
import { h } from './dom.js';
import { icon } from './icons.js';

/** @import { ChatKitApi, PageParams } from './api.js' */
/** @import { Thread } from './chatkit.d.ts' */
/**
 * @typedef {{ onOpen: (id: string) => void, onDeleted: (id: string) => void, onRenamed?: (thread: Thread) => void,
 *             onError: (error: unknown) => void }} Handlers
 */

const PAGE_SIZE = 20;
const UNTITLED = 'New chat';

export class ThreadList {
  /**
   * @param {Element} root the <nav> container
   * @param {ChatKitApi} api
   * @param {Handlers} handlers
   */
  constructor(root, api, handlers) {
    this.api = api;
    this.handlers = handlers;
    this.list = h('ul', { class: 'ck-thread-list', role: 'list' });
    this.more = h('button', { type: 'button', class: 'ck-button ck-load-more', hidden: true, onclick: () => this.loadMore() }, 'Load more');
    root.append(this.list, this.more);
    /** @type {Map<string, { thread: Thread, row: HTMLLIElement }>} */
    this.rows = new Map();
    /** @type {string | null | undefined} threads.list cursor of the next page */
    this.after = null;
    this.loading = false;
    /** @type {string | null} */
    this.selected = null;
    // Infinite scrolling: the button loads the next page when it comes into view.
    new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) this.loadMore();
    }).observe(this.more);
  }

  /** Loads the first page again. */
  async reload() {
    this.list.replaceChildren();
    this.rows.clear();
    this.after = null;
    this.more.hidden = true;
    await this.loadMore(true);
  }

  /** @param {boolean} [first] the first page (reload) */
  async loadMore(first = false) {
    if (this.loading || (!first && (this.more.hidden || !this.after))) return;
    this.loading = true;
    this.more.disabled = true;
    try {
      /** @type {PageParams} */
      const params = { limit: PAGE_SIZE, order: 'desc', ...(this.after ? { after: this.after } : {}) };
      const page = await this.api.request('threads.list', params);
      for (const thread of page.data) this.#add(thread, false);
      this.after = page.has_more ? page.after ?? page.data.at(-1)?.id : null;
      this.more.hidden = !page.has_more;
    } catch (error) {
      this.handlers.onError(error);
    } finally {
      this.loading = false;
      this.more.disabled = false;
    }
  }

  /**
   * A thread created or updated by a stream: insert it at the top, or update its title.
   * @param {Thread} thread
   */
  upsert(thread) {
    const known = this.rows.get(thread.id);
    if (known) {
      known.thread = thread;
      this.#renderRow(thread.id);
    } else {
      this.#add(thread, true);
    }
  }

  /**
   * Marks the open chat (aria-current).
   * @param {string | null} id
   */
  select(id) {
    this.selected = id;
    for (const [rowId, { row }] of this.rows) {
      const open = row.querySelector('.ck-thread-open');
      if (!open) continue;  // being renamed
      if (rowId === id) open.setAttribute('aria-current', 'page');
      else open.removeAttribute('aria-current');
    }
  }

  /** @param {string} id */
  title(id) {
    return this.rows.get(id)?.thread.title || UNTITLED;
  }

  /** @param {Thread} thread @param {boolean} atTop */
  #add(thread, atTop) {
    if (this.rows.has(thread.id)) return this.upsert(thread);
    const row = h('li', { class: 'ck-thread' });
    this.rows.set(thread.id, { thread, row });
    if (atTop) this.list.prepend(row);
    else this.list.append(row);
    this.#renderRow(thread.id);
  }

  // The entry of a row the list has (each caller names one it has just rendered).
  /** @param {string} id */
  #entry(id) {
    const entry = this.rows.get(id);
    if (!entry) throw new Error(`thread list: no row for ${id}`);
    return entry;
  }

  /** @param {string} id */
  #renderRow(id) {
    const { thread, row } = this.#entry(id);
    const title = thread.title || UNTITLED;
    const open = h('button', { type: 'button', class: 'ck-thread-open', onclick: () => this.handlers.onOpen(id) },
      h('span', { class: 'ck-thread-title' }, title),
      h('time', { class: 'ck-thread-date', datetime: thread.created_at }, formatDate(thread.created_at)));
    if (id === this.selected) open.setAttribute('aria-current', 'page');
    const rename = h('button', { type: 'button', class: 'ck-icon-button', 'aria-label': `Rename ${title}`, title: 'Rename', onclick: () => this.#startRename(id) }, icon('rename'));
    const remove = h('button', { type: 'button', class: 'ck-icon-button', 'aria-label': `Delete ${title}`, title: 'Delete', onclick: () => this.#confirmDelete(id) }, icon('delete'));
    row.replaceChildren(open, h('div', { class: 'ck-thread-actions' }, rename, remove));
  }

  /** @param {string} id */
  #startRename(id) {
    const { thread, row } = this.#entry(id);
    const input = h('input', { type: 'text', class: 'ck-rename', 'aria-label': 'Chat title', maxlength: 200 });
    input.value = thread.title ?? '';
    const cancel = () => { this.#renderRow(id); this.#focusOpen(id); };
    const form = h('form', { class: 'ck-rename-form', onsubmit: (e) => { e.preventDefault(); this.#rename(id, input.value.trim()); } },
      input,
      h('button', { type: 'submit', class: 'ck-button' }, 'Save'),
      h('button', { type: 'button', class: 'ck-button ck-secondary', onclick: cancel }, 'Cancel'));
    input.addEventListener('keydown', (e) => { if (e.key === 'Escape') cancel(); });
    row.replaceChildren(form);
    input.focus();
    input.select();
  }

  /** @param {string} id @param {string} title */
  async #rename(id, title) {
    if (!title) return this.#renderRow(id);
    try {
      const thread = await this.api.request('threads.update', { thread_id: id, title });
      const entry = this.rows.get(id);
      if (!entry) return;  // the list was reloaded meanwhile
      entry.thread = thread;
      this.handlers.onRenamed?.(thread);
    } catch (error) {
      this.handlers.onError(error);
    }
    if (!this.rows.has(id)) return;
    this.#renderRow(id);
    this.#focusOpen(id);
  }

  /** @param {string} id */
  #focusOpen(id) {
    focus(this.rows.get(id)?.row.querySelector('.ck-thread-open'));
  }

  /** @param {string} id */
  #confirmDelete(id) {
    const { row } = this.#entry(id);
    const title = this.title(id);
    const cancel = h('button', { type: 'button', class: 'ck-button ck-secondary', onclick: () => { this.#renderRow(id); this.#focusOpen(id); } }, 'Cancel');
    row.replaceChildren(h('div', { class: 'ck-confirm', role: 'group', 'aria-label': `Delete ${title}?` },
      h('span', {}, `Delete “${title}”?`),
      h('button', { type: 'button', class: 'ck-button ck-danger', onclick: () => this.#delete(id) }, 'Delete'),
      cancel));
    cancel.focus();
  }

  /** @param {string} id */
  async #delete(id) {
    try {
      await this.api.request('threads.delete', { thread_id: id });
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'not_found')) return this.handlers.onError(error);
    }
    const entry = this.rows.get(id);
    const next = entry?.row.nextElementSibling ?? entry?.row.previousElementSibling;
    entry?.row.remove();
    this.rows.delete(id);
    this.handlers.onDeleted(id);
    focus(next?.querySelector('.ck-thread-open') ?? document.querySelector('.ck-new-chat'));
  }
}

/** @param {Element | null | undefined} el */
function focus(el) {
  if (el instanceof HTMLElement) el.focus();
}

/** @param {string} iso */
function formatDate(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const sameDay = date.toDateString() === new Date().toDateString();
  return sameDay
    ? date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}
