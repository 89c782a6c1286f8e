// Form values as docs/PROTOCOL.md §5.4 sends them: every named control of the action's form (a Form, or
// a Card with asForm) merged into the action's payload; dotted names nest; a key the widget's own
// payload already sets is never overwritten. Checkboxes give booleans, selects and radio groups the
// chosen option's value, everything else the text as typed.

const FORM_SCOPE = '[data-ck-form]';
const CONTROLS = 'input[name], textarea[name], select[name]';

/** The value one control contributes, or undefined when it contributes none. */
export function controlValue(el) {
  if (el.localName === 'input' && el.type === 'checkbox') return el.checked;
  if (el.localName === 'input' && el.type === 'radio') return el.checked ? el.value : undefined;
  if (el.disabled) return undefined;
  // An unanswered select or date picker sends nothing rather than an empty string no option has.
  if ((el.localName === 'select' || el.type === 'date' || el.type === 'datetime-local') && el.value === '') return undefined;
  return el.value;
}

/** The named controls whose values an action fired from `origin` carries, in document order. */
export function controlsFor(origin) {
  const scope = origin.closest(FORM_SCOPE);
  const controls = scope
    ? [...scope.querySelectorAll(CONTROLS)].filter((c) => c.closest(FORM_SCOPE) === scope)
    : [];
  // A control's own change action carries its own value, inside a form or not.
  if (origin.matches(CONTROLS) && !controls.includes(origin)) controls.push(origin);
  return controls;
}

// Whether the widget's payload already sets this name, or a value where the name needs an object.
function conflicts(configured, parts) {
  let node = configured;
  for (const part of parts) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return node !== configured;
    if (!(part in node)) return false;
    node = node[part];
  }
  return true;
}

function setPath(object, parts, value) {
  let node = object;
  for (const part of parts.slice(0, -1)) {
    if (node[part] === null || typeof node[part] !== 'object' || Array.isArray(node[part])) node[part] = {};
    node = node[part];
  }
  node[parts[parts.length - 1]] = value;
}

/**
 * The payload to send: `payload` (never modified) plus the values of `controls`.
 * Returns { payload, dropped } where `dropped` lists names the widget's payload already set.
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
