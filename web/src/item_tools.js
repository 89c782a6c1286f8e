// The buttons under a finished assistant message: copy, and thumbs up / down (items.feedback).
import { h } from './dom.js';
import { CHROME_ATTR } from './vdom.js';
import { icon } from './icons.js';

/**
 * Adds the tools to an item root once (idempotent: item roots are decorated again on replace).
 * @param {Element} el the item root
 * @param {string} itemId
 * @param {{ feedback: (itemId: string, kind: 'positive'|'negative') => Promise<void> }} actions
 */
export function addItemTools(el, itemId, actions) {
  if (!el.classList.contains('ck-item-assistant-message') || el.querySelector(`:scope > [${CHROME_ATTR}]`)) return;
  /** @param {'positive' | 'negative'} kind @param {string} label @param {Element} glyph */
  const vote = (kind, label, glyph) => {
    const button = h('button', { type: 'button', class: 'ck-icon-button', 'aria-label': label, title: label, 'aria-pressed': 'false' }, glyph);
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await actions.feedback(itemId, kind);
        for (const other of bar.querySelectorAll('[aria-pressed]')) other.setAttribute('aria-pressed', String(other === button));
      } finally {
        button.disabled = false;
      }
    });
    return button;
  };
  const copy = h('button', { type: 'button', class: 'ck-icon-button', 'aria-label': 'Copy message', title: 'Copy' }, icon('copy'));
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
  const bar = h('div', { [CHROME_ATTR]: '', class: 'ck-item-tools', role: 'group', 'aria-label': 'Message actions' },
    copy, vote('positive', 'Good response', icon('up')), vote('negative', 'Bad response', icon('down')));
  el.append(bar);
}
