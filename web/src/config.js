// Where the ChatKit API lives, for the standalone page. The same static files can be served from a
// CDN: the page's <meta name="chatkit-api"> names the endpoint; without one, an optional config.json
// beside index.html ({"api": "https://api.example/chatkit"}); otherwise this origin's /chatkit.
const DEFAULT_API = '/chatkit';

async function fromConfigFile() {
  try {
    const response = await fetch(new URL('config.json', document.baseURI), { cache: 'no-cache' });
    if (!response.ok) return null;
    const config = await response.json();
    return typeof config.api === 'string' && config.api ? config.api : null;
  } catch {
    return null;  // no config file: the default applies
  }
}

/** The absolute URL of the ChatKit endpoint. */
export async function resolveApiUrl() {
  const meta = document.querySelector('meta[name="chatkit-api"]')?.getAttribute('content')?.trim();
  const api = meta || (await fromConfigFile()) || DEFAULT_API;
  return new URL(api, document.baseURI).href;
}
