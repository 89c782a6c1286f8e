// Stop: a long answer (the bench model, 400 words 20 ms apart) stopped mid-stream keeps its
// partial text on screen, and the server keeps it too (docs/PROTOCOL.md §4.5): a reload shows it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openApp, openPage, screenshot, startServer } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer(['--use-case', 'chat', '--model', 'bench:400:20']);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const answerText = (page) => page.locator('.ck-item-assistant-message .ck-content').last().textContent();

test('stopping mid-stream keeps the partial answer, and a reload shows it', async () => {
  const page = await openPage(browser, server);
  await openApp(page, server);
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('tell me a long story');
  await box.press('Enter');
  await page.waitForFunction(() => /word10 /.test(ckRoot().querySelector('.ck-item-assistant-message .ck-content')?.textContent ?? ''));
  const stop = page.getByRole('button', { name: 'Stop' });
  await stop.click();
  await page.getByRole('button', { name: 'Send' }).waitFor();
  assert.equal(await stop.isHidden(), true);
  const seen = (await answerText(page)).trim();
  await page.waitForTimeout(300);
  assert.equal((await answerText(page)).trim(), seen, 'nothing arrives after stop');
  assert.match(seen, /^word0 word1 .*word10\b/);
  assert.doesNotMatch(seen, /word399/);
  await screenshot(page, 'stopped');

  await page.reload();
  await page.waitForSelector('.ck-root.ck-ready');
  await page.locator('.ck-item-assistant-message').waitFor();
  const stored = (await answerText(page)).trim();
  // The server saved what it had produced when the connection closed: at least what was seen.
  assert.ok(stored.startsWith(seen), `stored "${stored.slice(0, 80)}…" should start with the seen "${seen.slice(0, 80)}…"`);
  assert.doesNotMatch(stored, /word399/);
  assert.equal(await page.locator('.ck-item-user-message').count(), 1);
  await screenshot(page, 'stopped-after-reload');
  assert.deepEqual(page.trouble, { dialogs: [], errors: [], foreign: [] });
  await page.context().close();
});
