// Where the page finds the API (the same files can be served from a CDN): config.json beside
// index.html, else the chatkit-api meta tag, else this origin's /chatkit. And the build's output: hashed
// asset names that the server serves with the right types.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assetPath, launchBrowser, openPage, startServer } from './harness.mjs';

let server;
let browser;
let page;

before(async () => {
  server = await startServer(['--use-case', 'chat', '--model', 'bench:1:1']);
  browser = await launchBrowser();
  page = await openPage(browser, server);
  await page.goto(server.url + '/');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const resolve = (setup) => page.evaluate(async ({ module, setup }) => {
  let meta = document.querySelector('meta[name="chatkit-api"]');
  if (setup.meta === null) meta?.remove();
  else if (setup.meta !== undefined) {
    if (!meta) meta = document.head.appendChild(Object.assign(document.createElement('meta'), { name: 'chatkit-api' }));
    meta.setAttribute('content', setup.meta);
  }
  const { resolveApiUrl } = await import(module);
  return resolveApiUrl();
}, { module: assetPath('config.js'), setup });

test('the meta tag names the endpoint, absolute or relative', async () => {
  assert.equal(await resolve({}), `${server.url}/chatkit`);
  assert.equal(await resolve({ meta: 'https://api.example/v1/chatkit' }), 'https://api.example/v1/chatkit');
});

test('config.json wins over the meta tag; without either, /chatkit', async () => {
  assert.equal(await resolve({ meta: null }), `${server.url}/chatkit`);  // the build ships no config.json: 404
  await page.route('**/config.json', (route) => route.fulfill({ json: { api: 'https://cdn-api.example/chatkit' } }));
  assert.equal(await resolve({ meta: null }), 'https://cdn-api.example/chatkit');
  assert.equal(await resolve({ meta: '/elsewhere' }), 'https://cdn-api.example/chatkit');
  await page.unroute('**/config.json');
});

test('assets have content-hashed names and are served with their types', async () => {
  const html = await (await fetch(server.url + '/')).text();
  const refs = [...html.matchAll(/(?:src|href)="(assets\/[^"]+)"/g)].map((m) => m[1]);
  assert.ok(refs.length >= 2, refs.join(', '));
  // The element's loader keeps its name (an app's script tag names it) and sits beside index.html.
  assert.match(html, /<script src="chatkit\.js" async><\/script>/);
  for (const ref of refs) assert.match(ref, /^assets\/[a-z_-]+\.[0-9a-f]{10}\.(js|mjs|css)$/);
  const types = {};
  for (const path of ['/chatkit.js', assetPath('main.js'), assetPath('chatkit.mjs'), assetPath('app.css'), assetPath('chatkit-core.wasm')]) {
    const response = await fetch(server.url + path);
    assert.equal(response.status, 200, path);
    types[path.split('.').pop()] = response.headers.get('content-type').split(';')[0];
  }
  assert.deepEqual(types, { js: 'text/javascript', mjs: 'text/javascript', css: 'text/css', wasm: 'application/wasm' });
});

test('a CDN-style folder: chatkit.js and index.html revalidate, hashed assets are immutable, all are public to any origin', async () => {
  const headers = async (path) => {
    const response = await fetch(server.url + path, { headers: { Origin: 'https://host-app.example' } });
    await response.arrayBuffer();
    return { status: response.status, cache: response.headers.get('cache-control'), origin: response.headers.get('access-control-allow-origin') };
  };
  assert.deepEqual(await headers('/chatkit.js'), { status: 200, cache: 'no-cache', origin: '*' });
  assert.deepEqual(await headers('/'), { status: 200, cache: 'no-cache', origin: '*' });
  for (const name of ['element.js', 'chatkit-core.wasm', 'app.css']) {
    assert.deepEqual(await headers(assetPath(name)), { status: 200, cache: 'public, max-age=31536000, immutable', origin: '*' }, name);
  }
});
