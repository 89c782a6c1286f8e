// The sidebar's list of chats: newest first, paged with threads.list (a "Load more" button that
// also fires by itself when scrolled into view), and per chat: open, rename, delete.
import { ApiError } from './api.js';
import { h } from './dom.js';
import { icon } from './icons.js';

/** @import { ChatKitApi, PageParams } from './api.js' */
/** @import { Thread } from './chatkit.d.ts' */
/** @typedef {import('./strings.js').Translate} Translate */
/**
 * @typedef {{ onOpen: (id: string) => void, onDeleted: (id: string, focusTarget: HTMLElement | null) => void,
 *             onRenamed?: (thread: Thread) => void, onError: (error: unknown) => void }} Handlers
 * @typedef {{ showRename: boolean, showDelete: boolean, t: Translate }} ListOptions
 */

const PAGE_SIZE = 20;

export class ThreadList {
  /**
   * @param {Element} root the <nav> container
   * @param {ChatKitApi} api
   * @param {Handlers} handlers
   * @param {ListOptions} options
   */
  constructor(root, api, handlers, options) {
    this.api = api;
    this.handlers = handlers;
    this.options = options;
    this.list = h('ul', { class: 'ck-thread-list', role: 'list' });
    this.more = h('button', { type: 'button', class: 'ck-button ck-load-more', hidden: true, onclick: () => this.loadMore() }, options.t('loadMore'));
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

  /**
   * New options (history.showRename / showDelete, the language): every row is drawn again.
   * @param {ListOptions} options
   */
  configure(options) {
    this.options = options;
    this.more.textContent = options.t('loadMore');
    for (const id of this.rows.keys()) this.#renderRow(id);
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
    return this.rows.get(id)?.thread.title || this.options.t('newChat');
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
    const { t, showRename, showDelete } = this.options;
    const title = thread.title || t('newChat');
    const open = h('button', { type: 'button', class: 'ck-thread-open', onclick: () => this.handlers.onOpen(id) },
      h('span', { class: 'ck-thread-title' }, title),
      h('time', { class: 'ck-thread-date', datetime: thread.created_at }, formatDate(thread.created_at)));
    if (id === this.selected) open.setAttribute('aria-current', 'page');
    const rename = showRename ? h('button', { type: 'button', class: 'ck-icon-button ck-thread-rename', 'aria-label': t('renameThread', { title }),
      title: t('rename'), onclick: () => this.#startRename(id) }, icon('rename')) : null;
    const remove = showDelete ? h('button', { type: 'button', class: 'ck-icon-button ck-thread-delete', 'aria-label': t('deleteThread', { title }),
      title: t('delete'), onclick: () => this.#confirmDelete(id) }, icon('delete')) : null;
    row.replaceChildren(open, rename || remove ? h('div', { class: 'ck-thread-actions' }, rename, remove) : '');
  }

  /** @param {string} id */
  #startRename(id) {
    const { thread, row } = this.#entry(id);
    const { t } = this.options;
    const input = h('input', { type: 'text', class: 'ck-rename', 'aria-label': t('chatTitle'), maxlength: 200 });
    input.value = thread.title ?? '';
    const cancel = () => { this.#renderRow(id); this.#focusOpen(id); };
    const form = h('form', { class: 'ck-rename-form', onsubmit: (e) => { e.preventDefault(); this.#rename(id, input.value.trim()); } },
      input,
      h('button', { type: 'submit', class: 'ck-button' }, t('save')),
      h('button', { type: 'button', class: 'ck-button ck-secondary', onclick: cancel }, t('cancel')));
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
    const { t } = this.options;
    const question = t('confirmDelete', { title });
    const cancel = h('button', { type: 'button', class: 'ck-button ck-secondary', onclick: () => { this.#renderRow(id); this.#focusOpen(id); } }, t('cancel'));
    row.replaceChildren(h('div', { class: 'ck-confirm', role: 'group', 'aria-label': question },
      h('span', {}, question),
      h('button', { type: 'button', class: 'ck-button ck-danger', onclick: () => this.#delete(id) }, t('delete')),
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
    const target = next?.querySelector('.ck-thread-open');
    this.handlers.onDeleted(id, target instanceof HTMLElement ? target : null);
  }
}

/** @param {Element | null | undefined} el */
function focus(el) {
  if (el instanceof HTMLElement) el.focus();
}

/** @param {string} iso */
export function formatDate(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const sameDay = date.toDateString() === new Date().toDateString();
  return sameDay
    ? date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}
