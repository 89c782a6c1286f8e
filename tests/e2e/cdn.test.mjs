// The web build on a real static host: nginx (deploy/nginx/chatkit-web.conf) serves a copy of
// build/web on one loopback origin, with a config.json naming the API on chatkit-server's origin and
// a bearer-token source; the server allows the nginx origin (--cors-origins) and requires the token
// (--auth-tokens). Chromium completes the Todo flow on the nginx origin. Plus the headers nginx
// sends for the CDN-cacheable names, and clear errors for a broken config.json.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assetPath, launchBrowser, openPage, screenshot, startServer, todoAddTickReload } from './harness.mjs';
import { startNginx } from './nginx.mjs';

const TOKEN = 'tok-cdn-user';
let server;
let nginx;
let browser;
let dir;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chatkit-cdn-'));
  writeFileSync(join(dir, 'tokens'), `${TOKEN} cdn-user\n`);
  // nginx first (its origin goes into --cors-origins), then config.json once the API's URL is known.
  nginx = await startNginx();
  server = await startServer(['--use-case', 'todo', '--model', 'offline', '--auth-tokens', join(dir, 'tokens'),
    '--cors-origins', nginx.url]);
  writeFileSync(join(nginx.root, 'config.json'), JSON.stringify({ api: `${server.url}/chatkit`, bearer: { localStorage: 'chatkit-token' } }));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await nginx?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('nginx serves the build with CDN-safe headers', async () => {
  const head = async (path) => {
    const response = await fetch(nginx.url + path);
    await response.arrayBuffer();
    return [response.status, response.headers.get('content-type')?.split(';')[0], response.headers.get('cache-control'),
      response.headers.get('access-control-allow-origin')];
  };
  assert.deepEqual(await head('/chatkit.js'), [200, 'text/javascript', 'no-cache', '*']);
  assert.deepEqual(await head('/'), [200, 'text/html', 'no-cache', '*']);
  assert.deepEqual(await head(assetPath('element.js')), [200, 'text/javascript', 'public, max-age=31536000, immutable', '*']);
  assert.deepEqual(await head(assetPath('chatkit-core.wasm')), [200, 'application/wasm', 'public, max-age=31536000, immutable', '*']);
});

test('the Todo flow on the nginx origin, with the API on another and the token from config.json\'s source', async () => {
  const page = await openPage(browser, server, { allow: [nginx.url] });
  await page.addInitScript((token) => localStorage.setItem('chatkit-token', token), TOKEN);
  const [list] = await Promise.all([
    page.waitForRequest((r) => r.url() === `${server.url}/chatkit` && r.postDataJSON()?.type === 'threads.list'),
    page.goto(nginx.url + '/'),
  ]);
  assert.equal(list.headers().authorization, `Bearer ${TOKEN}`);
  await todoAddTickReload(page);
  await screenshot(page, 'cdn-nginx-todo');
  assert.deepEqual(page.trouble, { dialogs: [], errors: [], foreign: [] });
  await page.context().close();
});

test('without the token the API refuses, and the page says so', async () => {
  const page = await openPage(browser, server, { allow: [nginx.url] });
  await page.goto(nginx.url + '/');
  await page.getByRole('alert').first().waitFor();
  assert.match(await page.getByRole('alert').first().textContent(), /unauthori|token|sign/i);
  await page.context().close();
});

test('a broken config.json is named, not guessed around', async () => {
  for (const [content, reason] of [['{"api": 42}', /"api" must be a string/], ['not json', /not valid JSON/],
    ['{"api": "/chatkit", "bearer": {"cookie": "x"}}', /exactly one of/], ['{"api": "javascript:alert(1)"}', /must be http\(s\)/]]) {
    writeFileSync(join(nginx.root, 'config.json'), content);
    const page = await openPage(browser, server, { allow: [nginx.url] });
    await page.goto(nginx.url + '/');
    const alert = page.locator('.ck-page-error');
    await alert.waitFor();
    assert.match(await alert.textContent(), reason);
    assert.deepEqual(page.trouble.dialogs, []);
    await page.context().close();
  }
  writeFileSync(join(nginx.root, 'config.json'), JSON.stringify({ api: `${server.url}/chatkit`, bearer: { localStorage: 'chatkit-token' } }));
});
