// Turns clicks, changes and submits inside rendered widgets into actions: it reads the ActionConfig
// the renderer put in data-ck-action, merges the form's values (§5.4), and hands the result to
// `fire`. It never decides whether the widget offered the action: the core's validateAction does.
import { controlsFor, mergeFormValues } from './form_values.js';

/**
 * @typedef {{ type: string, payload?: any, handler?: string, loadingBehavior?: string, streaming?: boolean }} ActionConfig
 * @typedef {{ itemId: string, config: ActionConfig, payload: any, origin: Element, trigger: string }} WidgetAction
 */

function configOf(el) {
  try {
    const config = JSON.parse(el.getAttribute('data-ck-action'));
    return config && typeof config.type === 'string' ? config : null;
  } catch {
    return null;
  }
}

function itemOf(el) {
  return el.closest('[data-ck-item]')?.getAttribute('data-ck-item') ?? null;
}

// Elements whose click is their action: buttons and focusable rows, not form controls (their
// action fires on change) nor forms (on submit).
function clickable(el) {
  return el && !el.matches('input, select, textarea, form, option') ? el : null;
}

function toAction(origin, actionEl, trigger) {
  const config = configOf(actionEl);
  const itemId = itemOf(actionEl);
  if (!config || !itemId) return null;
  const { payload, dropped } = mergeFormValues(config.payload ?? null, controlsFor(origin));
  if (dropped.length) console.warn('chatkit: form values not sent, the action payload already sets', dropped);
  return { itemId, config, payload, origin, trigger };
}

/**
 * Listens on `root` (the message list) and calls `fire(action)` for every widget action.
 * @param {Element} root
 * @param {(action: WidgetAction) => void} fire
 */
export function listenForActions(root, fire) {
  root.addEventListener('click', (event) => {
    const target = clickable(event.target.closest('[data-ck-action]'));
    if (!target || !root.contains(target) || target.disabled) return;
    const form = target.closest('form[data-ck-form]');
    if (target.type === 'submit' && form) {
      // A submit button with its own action: native validation first, then the button's action.
      event.preventDefault();
      if (!form.reportValidity()) return;
    }
    const card = target.getAttribute('data-ck-card-action');
    const action = toAction(target, target, card === 'confirm' ? 'confirm' : 'click');
    if (action) fire(action);
  });

  root.addEventListener('keydown', (event) => {
    // Focusable rows (ListViewItem) act on Enter and Space as buttons do; buttons do so natively.
    const row = clickable(event.target);
    if ((event.key === 'Enter' || event.key === ' ') && row && row.localName !== 'button' && row.hasAttribute('data-ck-action')) {
      event.preventDefault();
      row.click();
    }
  });

  root.addEventListener('change', (event) => {
    const control = event.target;
    if (!control.matches?.('input[data-ck-action], select[data-ck-action]')) return;
    const action = toAction(control, control, 'change');
    if (action) fire(action);
  });

  root.addEventListener('submit', (event) => {
    const form = event.target;
    if (!form.matches?.('form[data-ck-form]')) return;
    event.preventDefault();  // never a native submission: there is no form action to go to
    if (!form.hasAttribute('data-ck-action')) return;
    const action = toAction(form, form, 'submit');
    if (action) fire(action);
  });
}

/**
 * Structured-input options (docs/PROTOCOL.md §2.4): calls `answer(itemId, questionId, value)`.
 * @param {Element} root
 */
export function listenForAnswers(root, answer) {
  root.addEventListener('click', (event) => {
    const option = event.target.closest('button[data-ck-structured-input]');
    if (!option || !root.contains(option) || option.disabled) return;
    answer(option.getAttribute('data-ck-structured-input'), option.getAttribute('data-ck-question'), option.getAttribute('data-ck-value'));
  });
}
