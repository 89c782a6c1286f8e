// Where the standalone page finds the ChatKit API, and how it signs in. The same static files can be
// served from a CDN: config.json beside index.html (written at deploy time) names the endpoint; without
// one, the page's <meta name="chatkit-api"> (the build's default, /chatkit); otherwise this origin's
// /chatkit. config.json (docs/DEPLOY.md):
//   { "api": "https://api.example/chatkit",
//     "bearer": { "localStorage": "KEY" } | { "sessionStorage": "KEY" } | { "url": "/auth/token" } }
// "bearer" is optional: where the page reads the token it sends as Authorization: Bearer …; a `url`
// answers {"token": "…"} (or the token as text) and is asked again after a 401.
const DEFAULT_API = '/chatkit';

/** @typedef {{ localStorage: string } | { sessionStorage: string } | { url: string }} BearerSource */
/** @typedef {{ api: string, bearer: BearerSource | null }} PageConfig */

/** A config.json that cannot be used: the page says why instead of guessing. */
export class ConfigError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(`config.json: ${message}`);
    this.name = 'ConfigError';
  }
}

/** @param {unknown} value @returns {BearerSource | null} */
function bearerSource(value) {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw new ConfigError('"bearer" must be an object');
  const keys = Object.keys(value);
  const record = /** @type {Record<string, unknown>} */ (value);
  const [kind] = keys;
  if (keys.length !== 1 || !kind || !['localStorage', 'sessionStorage', 'url'].includes(kind)) {
    throw new ConfigError('"bearer" takes exactly one of "localStorage", "sessionStorage" or "url"');
  }
  const name = record[kind];
  if (typeof name !== 'string' || !name) throw new ConfigError(`"bearer.${kind}" must be a non-empty string`);
  return /** @type {BearerSource} */ ({ [kind]: name });
}

/** @returns {Promise<Record<string, unknown> | null>} null when there is no config.json */
async function configFile() {
  let response;
  try {
    response = await fetch(new URL('config.json', document.baseURI), { cache: 'no-cache' });
  } catch {
    return null;  // unreachable: the defaults apply
  }
  if (response.status === 404) return null;
  if (!response.ok) throw new ConfigError(`HTTP ${response.status}`);
  let config;
  try {
    config = await response.json();
  } catch {
    throw new ConfigError('not valid JSON');
  }
  if (!config || typeof config !== 'object' || Array.isArray(config)) throw new ConfigError('must be a JSON object');
  return config;
}

/** The page's configuration: the absolute endpoint URL and the bearer token source (or null). */
export async function resolveConfig() {
  const meta = document.querySelector('meta[name="chatkit-api"]')?.getAttribute('content')?.trim();
  const file = await configFile();
  const api = file && 'api' in file ? file.api : meta || DEFAULT_API;
  if (typeof api !== 'string') throw new ConfigError('"api" must be a string (the ChatKit endpoint URL)');
  let url;
  try {
    url = new URL(api, document.baseURI);
  } catch {
    throw new ConfigError(`"api" is not a URL: ${api}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(`"api" must be http(s): ${api}`);
  return /** @type {PageConfig} */ ({ api: url.href, bearer: bearerSource(file?.bearer) });
}

/** The absolute URL of the ChatKit endpoint. */
export async function resolveApiUrl() {
  return (await resolveConfig()).api;
}

/**
 * A fetch that adds the source's token as Authorization: Bearer (none when the source has none).
 * @param {BearerSource} source
 * @returns {typeof fetch}
 */
export function bearerFetch(source) {
  /** @type {Promise<string | null> | null} */
  let cached = null;
  const fromUrl = async (/** @type {string} */ url) => {
    const response = await fetch(new URL(url, document.baseURI), { credentials: 'same-origin', cache: 'no-store' });
    if (!response.ok) return null;
    const text = (await response.text()).trim();
    try {
      const parsed = JSON.parse(text);
      return typeof parsed?.token === 'string' ? parsed.token : null;
    } catch {
      return text || null;
    }
  };
  const token = () => {
    if ('localStorage' in source) return Promise.resolve(localStorage.getItem(source.localStorage));
    if ('sessionStorage' in source) return Promise.resolve(sessionStorage.getItem(source.sessionStorage));
    return (cached ??= fromUrl(source.url).catch(() => null));
  };
  return async (input, init = {}) => {
    /** @param {string | null} value */
    const send = (value) => {
      const headers = new Headers(init.headers);
      if (value) headers.set('Authorization', `Bearer ${value}`);
      return fetch(input, { ...init, headers });
    };
    const response = await send(await token());
    if (response.status !== 401 || !('url' in source)) return response;
    cached = null;  // an expired token: ask the token URL once more
    return send(await token());
  };
}
