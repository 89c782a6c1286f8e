// Cross-origin, as an operator deploys it: nginx (deploy/nginx/chatkit-web.conf) serves the web build
// on one loopback origin with a config.json naming the API, and the server image, run with podman,
// answers on another origin and allows the first (CHATKIT_CORS_ORIGINS). Chromium completes the
// Todo flow on the nginx origin.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, openPage, screenshot, todoAddTickReload } from '../e2e/harness.mjs';
import { startNginx } from '../e2e/nginx.mjs';
import { IMAGE, freePort, podman, waitReady } from './podman.mjs';

const name = `chatkit-cors-${process.pid}`;
let nginx;
let server;
let browser;

before(async () => {
  nginx = await startNginx();
  const port = await freePort();
  server = { url: `http://127.0.0.1:${port}` };
  podman(['volume', 'create', name]);  // a new volume takes its owner (the server's user) from the image's /data
  podman(['run', '-d', '--name', name, '--read-only', '-v', `${name}:/data`, '-p', `127.0.0.1:${port}:8000`,
    '-e', 'CHATKIT_USE_CASE=todo', '-e', 'CHATKIT_MODEL=offline', '-e', `CHATKIT_CORS_ORIGINS=${nginx.url}`, IMAGE]);
  await waitReady(server.url, name);
  writeFileSync(join(nginx.root, 'config.json'), JSON.stringify({ api: `${server.url}/chatkit` }));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  podman(['rm', '-f', '-t', '0', name], { check: false });
  podman(['volume', 'rm', '-f', name], { check: false });
  await nginx?.stop();
});

test('the Todo flow on the nginx origin against the container on another', async () => {
  const page = await openPage(browser, server, { allow: [nginx.url] });
  const [list] = await Promise.all([
    page.waitForRequest((r) => r.url() === `${server.url}/chatkit` && r.postDataJSON()?.type === 'threads.list'),
    page.goto(nginx.url + '/'),
  ]);
  assert.equal(list.headers().origin, nginx.url);
  await todoAddTickReload(page);
  await screenshot(page, 'cross-origin-container-todo');
  assert.deepEqual(page.trouble, { dialogs: [], errors: [], foreign: [] });
  await page.context().close();
});

test('the container refuses an origin it was not told about', async () => {
  const response = await fetch(`${server.url}/chatkit`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Origin: 'http://127.0.0.1:1' },
    body: JSON.stringify({ type: 'threads.list', params: { limit: 1 } }),
  });
  assert.equal(response.status, 403);
  assert.equal(response.headers.get('access-control-allow-origin'), null);
});
