// A host app's web server for the <openai-chatkit> tests: serves the pages in tests/e2e/hosts/ (and
// any extra files a test adds, such as a bundle) from another loopback origin than chatkit-server,
// as an app that embeds the element would. `{{CHATKIT_ORIGIN}}` in a page becomes the origin of
// chatkit.js and the API, set once chatkit-server runs (it needs this server's origin first, for
// --cors-origins).
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { ROOT } from './harness.mjs';

export const HOSTS_DIR = join(ROOT, 'tests/e2e/hosts');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };

/**
 * Starts the host server on 127.0.0.1 (or `host`), a free port; resolves to
 * { url, origin, setChatkitOrigin(origin), stop() }.
 * @param {{ files?: Record<string, string | Buffer>, host?: string }} [options]
 *   files: extra paths served as given (e.g. { '/react.js': bundle })
 */
export async function startHostServer({ files = {}, host = '127.0.0.1' } = {}) {
  let chatkitOrigin = '';
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://host').pathname;
    let body = files[path];
    if (body === undefined && /^\/[\w-]+\.html$/.test(path)) {
      try {
        body = readFileSync(join(HOSTS_DIR, path.slice(1)), 'utf8').replaceAll('{{CHATKIT_ORIGIN}}', chatkitOrigin);
      } catch {
        body = undefined;
      }
    }
    if (body === undefined) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
    response.end(body);
  });
  await new Promise((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  const origin = `http://${host}:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url: origin,
    origin,
    /** @param {string} value */
    setChatkitOrigin: (value) => { chatkitOrigin = value; },
    stop: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}
