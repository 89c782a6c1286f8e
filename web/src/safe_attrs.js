// The second line of defence between server data and the DOM: the wasm renderer already emits only
// safe tags and attributes, and this module refuses anything that could run script anyway.

// Elements that load or run code, or change how the document is parsed or addressed.
const FORBIDDEN_TAGS = new Set([
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'link', 'meta', 'base',
  'template', 'noscript', 'svg', 'math', 'portal', 'html', 'head', 'body',
]);
// Attributes whose value is a URL the browser follows or loads.
const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'poster', 'cite', 'background', 'xlink:href']);
// Attributes never worth the risk, whatever their value.
const FORBIDDEN_ATTRS = new Set(['srcdoc', 'srcset', 'is', 'autofocus', 'http-equiv', 'ping']);
const TAG_NAME = /^[a-z][a-z0-9-]*$/;
const ATTR_NAME = /^[a-z_][a-z0-9_.:-]*$/i;

/**
 * Whether an element of this tag may be created from server data.
 * @param {unknown} tag
 */
export function isSafeTag(tag) {
  return typeof tag === 'string' && TAG_NAME.test(tag) && !FORBIDDEN_TAGS.has(tag);
}

/**
 * Whether a URL may be followed (href) or loaded (src): http(s), mailto, same-document, relative, or a data: image for img.
 * @param {unknown} value @param {{ image?: boolean }} [options]
 */
export function isSafeUrl(value, { image = false } = {}) {
  const text = String(value).trim();
  // Browsers ignore ASCII tab/newline inside schemes ("java\tscript:"); strip them before looking.
  const compact = text.replace(/[\u0000-\u0020]/g, '').toLowerCase();
  if (image && /^data:image\/(png|gif|jpeg|webp|avif);/.test(compact)) return true;
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(compact);
  if (!scheme) return true;  // relative or fragment: resolves against our own origin
  return ['http', 'https', 'mailto'].includes(scheme[1]);
}

/**
 * Whether `name="value"` may be set on a `tag` element built from server data.
 * @param {string} tag @param {string} name @param {unknown} value
 */
export function isSafeAttr(tag, name, value) {
  if (!ATTR_NAME.test(name)) return false;
  const lower = name.toLowerCase();
  if (lower.startsWith('on') || FORBIDDEN_ATTRS.has(lower)) return false;
  if (URL_ATTRS.has(lower)) return isSafeUrl(value, { image: tag === 'img' && lower === 'src' });
  return true;
}
