// What a host page loads for <openai-chatkit>, and how soon it can be used: headless Chromium opens
// tests/e2e/hosts/vanilla.html from one loopback origin, with chatkit.js and the API on
// chatkit-server's, and records every response from chatkit-server's origin (raw bytes, gzip -9
// bytes, and what the server actually sent), then times, over RUNS cold loads (a new browser
// context each, so nothing is cached): navigation start → chatkit.ready, and chatkit.ready → a
// usable composer (its textarea enabled). Prints a table and the medians.
//   node bench/element_bytes.mjs [RUNS]       (default 15; needs build/release or build/asan's
//                                              chatkit-server and build/web, as the e2e tests do)
// Environment: CHATKIT_SERVER, CHATKIT_WEB_DIR as in tests/e2e/harness.mjs.
import { gzipSync } from 'node:zlib';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

if (!process.env.CHATKIT_SERVER) {
  const release = join(import.meta.dirname, '../build/release/server/chatkit-server');
  if (existsSync(release)) process.env.CHATKIT_SERVER = release;
}
const { launchBrowser, startServer } = await import('../tests/e2e/harness.mjs');
const { startHostServer } = await import('../tests/e2e/host_server.mjs');

const RUNS = Number(process.argv[2] ?? 15);
const BUDGET = { raw: 400 * 1000, gzip: 150 * 1000 };  // the target: KB, not KiB

const host = await startHostServer();
const server = await startServer(['--use-case', 'todo', '--model', 'offline', '--cors-origins', host.origin]);
host.setChatkitOrigin(new URL(server.url).origin);
const browser = await launchBrowser();
const chatkitOrigin = new URL(server.url).origin;

/** One cold load: resolves to { files, readyMs, usableMs }. */
async function load() {
  const context = await browser.newContext();
  const page = await context.newPage();
  /** @type {Promise<{ name: string, raw: number, gzip: number, sent: number }>[]} */
  const files = [];
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.origin !== chatkitOrigin || url.pathname === '/chatkit') return;
    files.push((async () => {
      const body = await response.body();
      const sizes = await response.request().sizes();
      return { name: url.pathname.replace(/\.[0-9a-f]{10}\./, '.'), raw: body.length, gzip: gzipSync(body, { level: 9 }).length,
        sent: sizes.responseBodySize };
    })());
  });
  await page.addInitScript(() => {
    window.addEventListener('DOMContentLoaded', () => {
      const chat = document.getElementById('chat');
      chat.addEventListener('chatkit.ready', () => {
        window.readyAt = performance.now();
        const input = () => chat.shadowRoot?.querySelector('textarea');
        const poll = () => {
          if (input() && !input().disabled) window.usableAt = performance.now();
          else requestAnimationFrame(poll);
        };
        poll();
      });
    });
  });
  await page.goto(`${host.url}/vanilla.html`);
  await page.evaluate(async () => {
    await customElements.whenDefined('openai-chatkit');
    document.getElementById('chat').setOptions({ api: { url: `${CHATKIT}/chatkit`, domainKey: 'bench' } });
  });
  await page.waitForFunction(() => window.usableAt !== undefined, null, { timeout: 20000 });
  const { readyAt, usableAt } = await page.evaluate(() => ({ readyAt: window.readyAt, usableAt: window.usableAt }));
  const loaded = await Promise.all(files);
  await context.close();
  return { files: loaded, readyMs: readyAt, usableMs: usableAt - readyAt };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
try {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await load());
  const { files } = runs[0];
  files.sort((a, b) => b.raw - a.raw);
  console.log(`${'file'.padEnd(34)} ${'raw'.padStart(9)} ${'gzip -9'.padStart(9)} ${'sent'.padStart(9)}`);
  for (const file of files) {
    console.log(`${file.name.padEnd(34)} ${String(file.raw).padStart(9)} ${String(file.gzip).padStart(9)} ${String(file.sent).padStart(9)}`);
  }
  const total = (key) => files.reduce((sum, file) => sum + file[key], 0);
  console.log(`${'total'.padEnd(34)} ${String(total('raw')).padStart(9)} ${String(total('gzip')).padStart(9)} ${String(total('sent')).padStart(9)}`
    + `   (target ≤ ${BUDGET.raw} raw, ≤ ${BUDGET.gzip} gzip: ${total('raw') <= BUDGET.raw && total('gzip') <= BUDGET.gzip ? 'met' : 'NOT met'})`);
  console.log(`navigation start → chatkit.ready: median ${median(runs.map((r) => r.readyMs)).toFixed(1)} ms over ${RUNS} cold loads`
    + ` (min ${Math.min(...runs.map((r) => r.readyMs)).toFixed(1)}, max ${Math.max(...runs.map((r) => r.readyMs)).toFixed(1)})`);
  console.log(`chatkit.ready → usable composer: median ${median(runs.map((r) => r.usableMs)).toFixed(1)} ms`
    + ` (max ${Math.max(...runs.map((r) => r.usableMs)).toFixed(1)})`);
} finally {
  await browser.close();
  await server.stop();
  await host.stop();
}
