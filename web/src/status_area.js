// What the stream says besides items: the transient progress line, notices, and errors with a
// retry button. Lives in an aria-live region so screen readers hear it without moving focus.
import { h } from './dom.js';
import { icon } from './icons.js';
import { build } from './vdom.js';

/** @import { AppEvent, VNode } from './chatkit.d.ts' */
/** @typedef {import('./strings.js').Translate} Translate */

export class StatusArea {
  /**
   * @param {Element} root the container (role=status region)
   * @param {(markdown: string) => VNode} renderMarkdown the core's sanitising renderer
   * @param {() => Translate} strings the current language's table
   */
  constructor(root, renderMarkdown, strings) {
    this.root = root;
    this.renderMarkdown = renderMarkdown;
    this.strings = strings;
    this.progressLine = h('p', { class: 'ck-progress', hidden: true });
    this.messages = h('div', { class: 'ck-notices' });
    root.replaceChildren(this.progressLine, this.messages);
  }

  /**
   * The transient status line (progress_update, docs/PROTOCOL.md §4.1); '' hides it.
   * @param {string} text
   */
  progress(text) {
    this.progressLine.textContent = text;
    this.progressLine.hidden = !text;
  }

  /**
   * A notice event: level info|warning|danger, Markdown message, optional title.
   * @param {Pick<Extract<AppEvent, { type: 'notice' }>, 'level' | 'title' | 'message'>} notice
   */
  notice({ level, title, message }) {
    const body = h('div', { class: 'ck-notice-body' });
    body.append(build(this.renderMarkdown(message ?? '')));
    this.#show(level === 'danger' || level === 'warning' ? level : 'info', title, body);
  }

  /**
   * An error; with `retry`, a Retry button that runs it.
   * @param {string} message @param {(() => void) | null} [retry]
   */
  error(message, retry) {
    const t = this.strings();
    const actions = retry
      ? h('button', { type: 'button', class: 'ck-button', onclick: () => { this.clear(); retry(); } }, t('retry'))
      : null;
    const box = this.#show('danger', t('somethingWrong'), h('p', {}, message), actions);
    box.setAttribute('role', 'alert');
  }

  /** Removes notices and errors (a new request starts). */
  clear() {
    this.messages.replaceChildren();
    this.progress('');
  }

  /**
   * @param {'info' | 'warning' | 'danger'} level @param {string | undefined} title @param {Node} body
   * @param {Node | null} [actions]
   */
  #show(level, title, body, actions = null) {
    const close = h('button', { type: 'button', class: 'ck-icon-button', 'aria-label': this.strings()('dismiss'), onclick: () => box.remove() }, icon('close'));
    const box = h('div', { class: `ck-notice ck-notice-${level}` },
      h('div', { class: 'ck-notice-text' }, title ? h('strong', {}, title) : null, body),
      actions, close);
    this.messages.append(box);
    return box;
  }
}
