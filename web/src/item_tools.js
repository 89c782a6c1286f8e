// The buttons under a finished assistant message: copy, and as ChatKitOptions.threadItemActions
// asks, thumbs up / down (items.feedback) and retry (threads.retry_after_item).
import { h } from './dom.js';
import { CHROME_ATTR } from './vdom.js';
import { icon } from './icons.js';

/** @typedef {import('./strings.js').Translate} Translate */
/**
 * @typedef {{ feedback: boolean, retry: boolean, t: Translate,
 *   onFeedback: (itemId: string, kind: 'positive'|'negative') => Promise<void>, onRetry: (itemId: string) => void }} ItemToolOptions
 */

/**
 * Adds the tools to an item root once (idempotent: item roots are decorated again on replace).
 * @param {Element} el the item root
 * @param {string} itemId
 * @param {ItemToolOptions} options
 */
export function addItemTools(el, itemId, options) {
  if (!el.classList.contains('ck-item-assistant-message') || el.querySelector(`:scope > [${CHROME_ATTR}]`)) return;
  const { t } = options;
  /** @param {'positive' | 'negative'} kind @param {string} label @param {Element} glyph */
  const vote = (kind, label, glyph) => {
    const button = h('button', { type: 'button', class: 'ck-icon-button ck-vote', 'aria-label': label, title: label, 'aria-pressed': 'false' }, glyph);
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await options.onFeedback(itemId, kind);
        for (const other of bar.querySelectorAll('[aria-pressed]')) other.setAttribute('aria-pressed', String(other === button));
      } catch {
        // the conversation showed the error
      } finally {
        button.disabled = false;
      }
    });
    return button;
  };
  const copy = h('button', { type: 'button', class: 'ck-icon-button ck-copy', 'aria-label': t('copyMessage'), title: t('copy') }, icon('copy'));
  copy.addEventListener('click', async () => {
    const text = [...el.querySelectorAll('.ck-content')].map((part) => part.textContent).join('\n\n');
    try {
      await navigator.clipboard.writeText(text);
      copy.setAttribute('data-ck-copied', '');
      setTimeout(() => copy.removeAttribute('data-ck-copied'), 1500);
    } catch {
      console.info('chatkit: the clipboard is not available here');
    }
  });
  const bar = h('div', { [CHROME_ATTR]: '', class: 'ck-item-tools', role: 'group', 'aria-label': t('messageActions') },
    copy,
    options.feedback ? [vote('positive', t('goodResponse'), icon('up')), vote('negative', t('badResponse'), icon('down'))] : null,
    options.retry ? h('button', { type: 'button', class: 'ck-icon-button ck-retry', 'aria-label': t('retryResponse'), title: t('retry'),
      onclick: () => options.onRetry(itemId) }, icon('retry')) : null);
  el.append(bar);
}

/**
 * Takes the tools off every item root under `list` (the options changed: they are added again).
 * @param {Element} list
 */
export function removeItemTools(list) {
  for (const bar of list.querySelectorAll(`.ck-item-tools[${CHROME_ATTR}]`)) bar.remove();
}
