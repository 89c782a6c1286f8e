// Shared by the browser tests: starts the real chatkit-server on a free loopback port with a fresh
// database and the built web folder, and drives Debian's Chromium through playwright-core.
//   CHATKIT_SERVER   the server binary (default build/asan/server/chatkit-server)
//   CHATKIT_WEB_DIR  the built web folder (default build/web, made by scripts/build_web.sh)
//   CHROMIUM         the browser (default /usr/bin/chromium)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SERVER = process.env.CHATKIT_SERVER ?? join(ROOT, 'build/asan/server/chatkit-server');
export const WEB_DIR = process.env.CHATKIT_WEB_DIR ?? join(ROOT, 'build/web');
export const SCREENSHOTS = join(ROOT, 'build/e2e-screenshots');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const START_TIMEOUT_MS = 20000;

/**
 * Starts chatkit-server; resolves to { url, stop() } once it printed `listening on URL`.
 * `args` are extra flags (e.g. ['--model', 'bench:400:20']).
 */
export async function startServer(args = []) {
  for (const [what, path] of [['server binary', SERVER], ['web folder', join(WEB_DIR, 'index.html')]]) {
    if (!existsSync(path)) throw new Error(`${what} ${path} is missing (scripts/test.sh builds it)`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'chatkit-e2e-'));
  const child = spawn(SERVER, ['--host', '127.0.0.1', '--port', '0', '--db', join(dir, 'chatkit.db'), '--web', WEB_DIR,
    '--log-level', 'warn', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr = (stderr + chunk).slice(-4000); });
  const exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
  const url = await new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`no listening line within ${START_TIMEOUT_MS} ms:\n${stderr}`)), START_TIMEOUT_MS);
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^listening on (http:\/\/\S+)$/.exec(line);
      if (match) { clearTimeout(timer); done(match[1]); }
    });
    exited.then(({ code }) => { clearTimeout(timer); fail(new Error(`server exited (${code}) before listening:\n${stderr}`)); });
  });
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      const { code } = await exited;
      rmSync(dir, { recursive: true, force: true });
      if (code !== 0) throw new Error(`server exited with ${code}:\n${stderr}`);
    },
  };
}

/**
 * Launches headless Chromium (TOOLCHAIN.md's flags, plus `extraArgs`, e.g. a fake microphone);
 * resolves to the browser.
 * @param {string[]} [extraArgs]
 */
export function launchBrowser(extraArgs = []) {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', ...extraArgs],
  });
}

/**
 * A new page that records what must never happen: dialogs (alert/confirm/prompt), uncaught page
 * errors and any request that leaves the server's origin.
 */
export async function openPage(browser, server, { width = 1100, height = 800, colorScheme = 'light', allow = [] } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme });
  const page = await context.newPage();
  const trouble = { dialogs: [], errors: [], foreign: [] };
  page.on('dialog', (dialog) => { trouble.dialogs.push(dialog.message()); dialog.dismiss().catch(() => {}); });
  page.on('pageerror', (error) => trouble.errors.push(error.message));
  const origins = [new URL(server.url).origin, ...allow.map((url) => new URL(url).origin)];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (origins.some((origin) => url.startsWith(`${origin}/`)) || url.startsWith('data:')) return route.continue();
    trouble.foreign.push(url);  // only loopback in tests: everything else is refused
    return route.abort();
  });
  // Page functions reach into the element's (open) shadow root through this; playwright's locators
  // pierce it by themselves.
  await page.addInitScript(() => {
    window.ckRoot = () => document.querySelector('openai-chatkit')?.shadowRoot ?? document;
  });
  page.trouble = trouble;
  return page;
}

/**
 * Starts the loopback stand-in of the model providers (tests/stand_ins/upstream.mjs); resolves to
 * { child, url } once it printed its `listening on URL` line.
 */
export function startUpstream() {
  const child = spawn(process.execPath, [join(ROOT, 'tests/stand_ins/upstream.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((done, fail) => {
    createInterface({ input: child.stdout }).once('line', (line) => {
      const match = /^listening on (http:\/\/\S+)$/.exec(line);
      return match ? done({ child, url: match[1] }) : fail(new Error(`stand-in said: ${line}`));
    });
  });
}

/** Saves a full-page screenshot as build/e2e-screenshots/NAME.png. */
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** The hashed file name of a built asset (e.g. 'patcher.js' → '/assets/patcher.1a2b3c4d5e.js'). */
export function assetPath(name) {
  const dot = name.lastIndexOf('.');
  const [stem, ext] = [name.slice(0, dot), name.slice(dot)];
  const file = readdirSync(join(WEB_DIR, 'assets')).find((f) => f.startsWith(`${stem}.`) && f.endsWith(ext)
    && /^[0-9a-f]{10}$/.test(f.slice(stem.length + 1, -ext.length)));
  if (!file) throw new Error(`no built asset for ${name} in ${WEB_DIR}/assets`);
  return `/assets/${file}`;
}

/** Loads the app and waits until it finished starting (the wasm core is loaded, chatkit.ready). */
export async function openApp(page, server, path = '/') {
  await page.goto(server.url + path);
  await page.waitForSelector('.ck-root.ck-ready', { timeout: 15000 });
}

/** POSTs one request to the server from node; JSON answers parsed, SSE answers as event lists. */
export async function call(server, type, params) {
  const response = await fetch(`${server.url}/chatkit`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ type, params }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${type}: ${response.status} ${text}`);
  if (!response.headers.get('content-type').startsWith('text/event-stream')) return JSON.parse(text);
  // Each frame is `id: RUN:SEQ` then `data: {…}` (docs/PROTOCOL.md §4.7).
  return text.split('\n\n').filter(Boolean).map((frame) => JSON.parse(frame.split('\n').find((line) => line.startsWith('data: ')).slice(6)));
}

/** A new thread with one user message (and its answer); resolves to the thread id. */
export async function createThread(server, text) {
  const input = { content: [{ type: 'input_text', text }], attachments: [], inference_options: {} };
  const events = await call(server, 'threads.create', { input });
  return events.find((e) => e.type === 'thread.created').thread.id;
}

/**
 * The Todo flow on a page that is starting: "add buy milk" gives a card, its checkbox is ticked
 * (a widget action), and after a reload the tick is still there. Asserts each step.
 */
export async function todoAddTickReload(page) {
  await page.waitForSelector('.ck-root.ck-ready');
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('add buy milk');
  await box.press('Enter');
  const milk = page.getByRole('checkbox', { name: 'buy milk' });
  await milk.waitFor();
  await page.getByRole('button', { name: 'Send' }).waitFor();
  await milk.check();
  await page.getByText('1 done').waitFor();
  await page.getByRole('button', { name: 'Send' }).waitFor();
  await page.reload();
  await page.waitForSelector('.ck-root.ck-ready');
  await page.getByRole('checkbox', { name: 'buy milk' }).waitFor();
  if (!(await page.getByRole('checkbox', { name: 'buy milk' }).isChecked())) throw new Error('the tick did not survive the reload');
}

