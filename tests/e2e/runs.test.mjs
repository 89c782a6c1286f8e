// Runs (docs/PROTOCOL.md §4.7) in the browser: an answer survives a page reload (the element finds
// the thread's active run and follows it from its first event) and a dropped connection (it
// reattaches after the last event it got), and every word arrives exactly once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect } from 'node:net';
import { call, launchBrowser, openApp, openPage, screenshot, startServer } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer(['--use-case', 'chat', '--model', 'offline']);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const counted = (n) => Array.from({ length: n }, (_, i) => String(i + 1)).join(' ') + '.';
const answerText = (page) => page.locator('.ck-item-assistant-message .ck-content').last().textContent();

// Waits until the last answer shows the number `n` (the offline model writes one every 20 ms).
const waitForNumber = (page, n) => page.waitForFunction((word) => {
  const text = ckRoot().querySelector('.ck-item-assistant-message:last-of-type .ck-content')?.textContent ?? '';
  return text.split(/[\s.]+/).includes(word);
}, String(n), { timeout: 15000 });

const waitForCount = (page, n) => page.waitForFunction((want) => {
  const answers = ckRoot().querySelectorAll('.ck-item-assistant-message .ck-content');
  return answers.length > 0 && answers[answers.length - 1].textContent.trim() === want;
}, counted(n), { timeout: 30000 });

/**
 * A TCP relay in front of the server whose open connections can be cut at once, as a network
 * switch does; new connections go through.
 */
function startRelay(target) {
  const { hostname, port } = new URL(target);
  const sockets = new Set();
  const relay = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  return new Promise((resolve) => relay.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${relay.address().port}`,
    cut() { for (const socket of sockets) socket.destroy(); },
    close() { this.cut(); relay.close(); },
  })));
}

test('a reload in the middle of a long answer: the answer goes on and completes, every word once', async () => {
  const page = await openPage(browser, server);
  await openApp(page, server);
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('count to 200');
  await box.press('Enter');
  await waitForNumber(page, 40);
  const threadId = new URL(page.url()).hash.slice(1);
  assert.match(threadId, /^thr_/);
  await page.reload();
  await page.waitForSelector('.ck-root.ck-ready');
  // Reopened from the URL, the thread is still answering: the element follows its run.
  await waitForCount(page, 200);
  assert.equal((await answerText(page)).trim(), counted(200));
  assert.equal(await page.locator('.ck-item-assistant-message').count(), 1);
  assert.equal(await page.locator('.ck-item-user-message').count(), 1);
  await screenshot(page, 'run-after-reload');
  // The server has the same answer, whole, and the thread is free again.
  const thread = await call(server, 'threads.get_by_id', { thread_id: threadId });
  assert.equal(thread.active_run, undefined);
  const stored = thread.items.data.filter((item) => item.type === 'assistant_message');
  assert.equal(stored.length, 1);
  assert.equal(stored[0].content[0].text, counted(200));
  assert.deepEqual(page.trouble, { dialogs: [], errors: [], foreign: [] });
  await page.context().close();
});

test('a dropped connection mid-answer is reattached after the last event: every word once', async () => {
  const relay = await startRelay(server.url);
  try {
    const page = await openPage(browser, relay);
    await openApp(page, relay);
    // The element logs each reattach (chatkit.log, name run.resumed, with the event it resumed after).
    await page.evaluate(() => {
      window.resumes = [];
      document.querySelector('openai-chatkit').addEventListener('chatkit.log', ({ detail }) => {
        if (detail.name === 'run.resumed') window.resumes.push(detail.data);
      });
    });
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('count to 150');
    await box.press('Enter');
    await waitForNumber(page, 30);
    relay.cut();  // every connection of the page, the stream's included
    await waitForCount(page, 150);
    const resumes = await page.evaluate(() => window.resumes);
    assert.equal(resumes.length, 1, 'one reattach');
    assert.match(resumes[0].run, /^run_[0-9a-f]{16}$/);
    assert.ok(resumes[0].after >= 30, `resumed after event ${resumes[0].after}`);
    assert.equal((await answerText(page)).trim(), counted(150));
    assert.equal(await page.locator('.ck-item-assistant-message').count(), 1);
    // No error was shown: the drop was repaired.
    assert.equal(await page.locator('.ck-notices [role=alert]').count(), 0);
    assert.deepEqual(page.trouble, { dialogs: [], errors: [], foreign: [] });
    await page.context().close();
  } finally {
    relay.close();
  }
});

test('stop cancels the run on the server at once, not after the detach grace', async () => {
  const page = await openPage(browser, server);
  await openApp(page, server);
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('count to 1000');
  await box.press('Enter');
  await waitForNumber(page, 20);
  const threadId = new URL(page.url()).hash.slice(1);
  await page.getByRole('button', { name: 'Stop' }).click();
  await page.getByRole('button', { name: 'Send' }).waitFor();
  // Within a second (the grace is 20 s), the thread is no longer answering and holds the partial answer.
  let thread;
  for (let i = 0; i < 20; i++) {
    thread = await call(server, 'threads.get_by_id', { thread_id: threadId });
    if (!thread.active_run) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.equal(thread.active_run, undefined, 'the run still answers after stop');
  const stored = thread.items.data.find((item) => item.type === 'assistant_message');
  assert.ok(stored, 'the partial answer is stored');
  assert.match(stored.content[0].text, /^1 2 3 /);
  assert.doesNotMatch(stored.content[0].text, /\b1000\b/);
  await page.context().close();
});
