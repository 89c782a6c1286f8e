// loadingBehavior (docs/PROTOCOL.md §5.3) while an action runs: `self` marks the control that fired,
// `container` makes the whole widget inert, `none` shows nothing, and `auto` picks by context.

/** @import { ActionConfig } from './chatkit.d.ts' */
/** @typedef {Exclude<ActionConfig['loadingBehavior'], 'auto' | undefined>} LoadingMode */

/**
 * The behaviour `auto` stands for, given what fired the action.
 * @param {ActionConfig['loadingBehavior']} behavior
 * @param {{ trigger: import('./widget_actions.js').Trigger }} context
 * @returns {LoadingMode}
 */
export function resolveLoading(behavior, { trigger }) {
  if (behavior === 'self' || behavior === 'container' || behavior === 'none') return behavior;
  if (trigger === 'submit' || trigger === 'confirm') return 'container';
  // A click comes from a button or a list row: it shows its own spinner. A change (select,
  // checkbox, date) needs none: the control already shows its new value.
  return trigger === 'click' ? 'self' : 'none';
}

/** @param {Element} el @param {LoadingMode} mode @param {boolean} on */
function markBusy(el, mode, on) {
  el.toggleAttribute('aria-busy', on);
  el.classList.toggle('ck-loading', on);
  if (mode === 'container') {
    el.toggleAttribute('inert', on);  // what `el.inert = on` does (the property reflects the attribute)
  } else if ('disabled' in el) {
    // Re-enable only what this module disabled: a control the widget disables stays disabled.
    if (on && !el.disabled) {
      el.disabled = true;
      el.setAttribute('data-ck-busy-disabled', '');
    } else if (!on && el.hasAttribute('data-ck-busy-disabled')) {
      el.disabled = false;
      el.removeAttribute('data-ck-busy-disabled');
    }
  }
}

/**
 * Shows the loading state on `target` (the control, or the widget root for `container`) and
 * returns the function that clears it. The target may be re-rendered meanwhile, so clearing
 * looks it up again by key through `lookup`.
 * @param {LoadingMode} mode @param {Element | null | undefined} target
 * @param {(key: string) => Element | undefined} lookup
 * @returns {() => void}
 */
export function showLoading(mode, target, lookup) {
  if (mode === 'none' || !target) return () => {};
  const key = target.getAttribute('data-ck-key');
  markBusy(target, mode, true);
  return () => {
    const current = (key && lookup(key)) || target;
    markBusy(current, mode, false);
    if (current !== target) markBusy(target, mode, false);
  };
}
