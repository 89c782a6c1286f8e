// Form values as docs/PROTOCOL.md §5.4 sends them: every named control of the action's form (a Form, or
// a Card with asForm) merged into the action's payload; dotted names nest; a key the widget's own
// payload already sets is never overwritten. Checkboxes give booleans, selects and radio groups the
// chosen option's value, everything else the text as typed.

/** @import { Json, JsonObject } from './chatkit.d.ts' */
/** @typedef {HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement} FormControl */

const FORM_SCOPE = '[data-ck-form]';
const CONTROLS = 'input[name], textarea[name], select[name]';

/** @type {(el: Element) => el is FormControl} */
const isControl = (el) => el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement;

/**
 * The value one control contributes, or undefined when it contributes none.
 * @param {FormControl} el
 * @returns {string | boolean | undefined}
 */
export function controlValue(el) {
  if (el instanceof HTMLInputElement && el.type === 'checkbox') return el.checked;
  if (el instanceof HTMLInputElement && el.type === 'radio') return el.checked ? el.value : undefined;
  if (el.disabled) return undefined;
  // An unanswered select or date picker sends nothing rather than an empty string no option has.
  if ((el.localName === 'select' || el.type === 'date' || el.type === 'datetime-local') && el.value === '') return undefined;
  return el.value;
}

/**
 * The named controls whose values an action fired from `origin` carries, in document order.
 * @param {Element} origin
 * @returns {FormControl[]}
 */
export function controlsFor(origin) {
  const scope = origin.closest(FORM_SCOPE);
  const controls = scope
    ? [...scope.querySelectorAll(CONTROLS)].filter(isControl).filter((c) => c.closest(FORM_SCOPE) === scope)
    : [];
  // A control's own change action carries its own value, inside a form or not.
  if (isControl(origin) && origin.matches(CONTROLS) && !controls.includes(origin)) controls.push(origin);
  return controls;
}

/**
 * Whether the widget's payload already sets this name, or a value where the name needs an object.
 * @param {JsonObject} configured @param {string[]} parts
 */
function conflicts(configured, parts) {
  /** @type {Json | undefined} */
  let node = configured;
  for (const part of parts) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return true;  // a value where the name needs an object
    if (!(part in node)) return false;
    node = node[part];
  }
  return true;
}

/** @param {JsonObject} object @param {string[]} parts (at least one) @param {Json} value */
function setPath(object, parts, value) {
  let node = object;
  for (const part of parts.slice(0, -1)) {
    const child = node[part];
    node = child !== null && typeof child === 'object' && !Array.isArray(child) ? child : (node[part] = {});
  }
  node[parts[parts.length - 1]] = value;
}

/**
 * The payload to send: `payload` (never modified) plus the values of `controls`.
 * Returns { payload, dropped } where `dropped` lists names the widget's payload already set.
 * @param {Json} payload @param {FormControl[]} controls
 * @returns {{ payload: Json, dropped: string[] }}
 */
export function mergeFormValues(payload, controls) {
  if (controls.length === 0) return { payload, dropped: [] };
  if (payload != null && (typeof payload !== 'object' || Array.isArray(payload))) {
    return { payload, dropped: controls.map((c) => c.name) };  // nothing can be merged into a scalar
  }
  const configured = payload ?? {};
  const merged = structuredClone(configured);
  const dropped = [];
  for (const control of controls) {
    const value = controlValue(control);
    if (value === undefined) continue;
    const parts = control.name.split('.').filter(Boolean);
    if (parts.length === 0) continue;
    if (conflicts(configured, parts)) dropped.push(control.name);
    else setPath(merged, parts, value);
  }
  return { payload: merged, dropped };
}
