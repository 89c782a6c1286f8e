// Turns clicks, changes and submits inside rendered widgets into actions: it reads the ActionConfig
// the renderer put in data-ck-action, merges the form's values (§5.4), and hands the result to
// `fire`. It never decides whether the widget offered the action: the core's validateAction does.
import { controlsFor, mergeFormValues } from './form_values.js';

/** @import { ActionConfig, Json } from './chatkit.d.ts' */
/**
 * What fired an action: a click (a Card's confirm button: `confirm`), a control's change, a form's submit.
 * @typedef {'click' | 'confirm' | 'change' | 'submit'} Trigger
 * @typedef {{ itemId: string, config: ActionConfig, payload: Json, origin: Element, trigger: Trigger }} WidgetAction
 */

/**
 * The ActionConfig in the element's data-ck-action (the renderer's JSON), or null.
 * @param {Element} el
 * @returns {ActionConfig | null}
 */
function configOf(el) {
  try {
    const config = JSON.parse(el.getAttribute('data-ck-action') ?? 'null');
    return config && typeof config.type === 'string' ? config : null;
  } catch {
    return null;
  }
}

/** @param {Element} el */
function itemOf(el) {
  return el.closest('[data-ck-item]')?.getAttribute('data-ck-item') ?? null;
}

/** @param {Event} event */
const targetOf = (event) => (event.target instanceof Element ? event.target : null);

// Elements whose click is their action: buttons and focusable rows, not form controls (their
// action fires on change) nor forms (on submit).
/** @param {Element | null | undefined} el */
function clickable(el) {
  return el && !el.matches('input, select, textarea, form, option') ? el : null;
}

/**
 * @param {Element} origin the element that fired @param {Element} actionEl the one carrying data-ck-action
 * @param {Trigger} trigger
 * @returns {WidgetAction | null}
 */
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
 * @param {HTMLElement} root
 * @param {(action: WidgetAction) => void} fire
 */
export function listenForActions(root, fire) {
  root.addEventListener('click', (event) => {
    const target = clickable(targetOf(event)?.closest('[data-ck-action]'));
    if (!target || !root.contains(target) || ('disabled' in target && target.disabled)) return;
    const form = target.closest('form[data-ck-form]');
    if (target instanceof HTMLButtonElement && target.type === 'submit' && form instanceof HTMLFormElement) {
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
    const row = clickable(targetOf(event));
    if ((event.key === 'Enter' || event.key === ' ') && row instanceof HTMLElement && row.localName !== 'button' && row.hasAttribute('data-ck-action')) {
      event.preventDefault();
      row.click();
    }
  });

  root.addEventListener('change', (event) => {
    const control = targetOf(event);
    if (!control?.matches('input[data-ck-action], select[data-ck-action]')) return;
    const action = toAction(control, control, 'change');
    if (action) fire(action);
  });

  root.addEventListener('submit', (event) => {
    const form = targetOf(event);
    if (!form?.matches('form[data-ck-form]')) return;
    event.preventDefault();  // never a native submission: there is no form action to go to
    if (!form.hasAttribute('data-ck-action')) return;
    const action = toAction(form, form, 'submit');
    if (action) fire(action);
  });
}

/**
 * Structured-input options (docs/PROTOCOL.md §2.4): calls `answer(itemId, questionId, value)`.
 * @param {HTMLElement} root
 * @param {(itemId: string, questionId: string, value: string) => void} answer
 */
export function listenForAnswers(root, answer) {
  root.addEventListener('click', (event) => {
    const option = targetOf(event)?.closest('button[data-ck-structured-input]');
    if (!(option instanceof HTMLButtonElement) || !root.contains(option) || option.disabled) return;
    const [itemId, questionId, value] = ['data-ck-structured-input', 'data-ck-question', 'data-ck-value'].map((name) => option.getAttribute(name));
    if (itemId != null && questionId != null && value != null) answer(itemId, questionId, value);
  });
}
